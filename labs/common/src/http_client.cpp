#include "ptlabs/http_client.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "ptlabs/clock.hpp"
#include "ptlabs/http_observer.hpp"

namespace ptlabs {
namespace {

HttpObserver g_observer;  // set_http_observer(); empty by default

// Tells the observer how a request ended, whichever way it leaves http_get.
class Observed {
 public:
  explicit Observed(std::int64_t token) : token_(token) {}
  ~Observed() {
    if (g_observer.end != nullptr) g_observer.end(token_, status_, bytes_);
  }
  Observed(const Observed&) = delete;
  Observed& operator=(const Observed&) = delete;
  void done(int status, std::size_t bytes) {
    status_ = status;
    bytes_ = bytes;
  }

 private:
  std::int64_t token_;
  int status_ = 0;
  std::size_t bytes_ = 0;
};

class Socket {
 public:
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

// Milliseconds left before `deadline_ns`, at least 0.
int millis_left(std::uint64_t deadline_ns) {
  std::uint64_t now = now_ns();
  return now >= deadline_ns ? 0 : static_cast<int>((deadline_ns - now) / 1'000'000 + 1);
}

// Waits until `fd` is ready for `events`; false on timeout.
bool wait_for(int fd, short events, std::uint64_t deadline_ns) {
  while (true) {
    pollfd p{fd, events, 0};
    int ready = ::poll(&p, 1, millis_left(deadline_ns));
    if (ready > 0) return true;
    if (ready == 0) return false;
    if (errno != EINTR) return false;
  }
}

// Parses "HTTP/1.1 200 OK\r\n...headers...\r\n\r\nbody" into *out.
bool parse_response(const std::string& raw, HttpResponse* out, std::string* why) {
  auto header_end = raw.find("\r\n\r\n");
  if (raw.compare(0, 5, "HTTP/") != 0 || header_end == std::string::npos) {
    *why = "the answer is not an HTTP response";
    return false;
  }
  auto space = raw.find(' ');
  if (space == std::string::npos || space > header_end) {
    *why = "the status line has no status code";
    return false;
  }
  out->status = std::atoi(raw.c_str() + space + 1);
  std::string headers = raw.substr(0, header_end);
  for (auto& c : headers) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string body = raw.substr(header_end + 4);
  if (headers.find("transfer-encoding: chunked") != std::string::npos) {
    std::string decoded;
    std::size_t pos = 0;
    while (true) {
      auto line_end = body.find("\r\n", pos);
      if (line_end == std::string::npos) {
        *why = "a chunked body ended early";
        return false;
      }
      std::size_t size = std::strtoul(body.c_str() + pos, nullptr, 16);
      if (size == 0) break;
      if (line_end + 2 + size > body.size()) {
        *why = "a chunk is shorter than its size";
        return false;
      }
      decoded.append(body, line_end + 2, size);
      pos = line_end + 2 + size + 2;
    }
    body = std::move(decoded);
  } else if (auto at = headers.find("content-length:"); at != std::string::npos) {
    std::size_t length = std::strtoul(headers.c_str() + at + 15, nullptr, 10);
    if (body.size() != length) {
      *why = "the body has " + std::to_string(body.size()) + " bytes, the header said " +
             std::to_string(length);
      return false;
    }
  }
  out->body = std::move(body);
  return true;
}

}  // namespace

void set_http_observer(const HttpObserver& observer) { g_observer = observer; }

HttpResponse http_get(const std::string& host, int port, const std::string& path,
                      double timeout_s) {
  const std::string where = "GET http://" + host + ":" + std::to_string(port) + path;
  auto failure = [&](const std::string& why) { return std::runtime_error(where + ": " + why); };
  const std::uint64_t deadline = now_ns() + static_cast<std::uint64_t>(timeout_s * 1e9);
  const std::int64_t token = g_observer.begin != nullptr ? g_observer.begin(path) : 0;
  Observed observed(token);

  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
  addrinfo* address = nullptr;
  const std::string service = std::to_string(port);
  if (int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &address); rc != 0) {
    throw failure(std::string("bad address: ") + ::gai_strerror(rc));
  }
  Socket socket(::socket(address->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (socket.fd() < 0) {
    ::freeaddrinfo(address);
    throw failure(std::string("socket: ") + std::strerror(errno));
  }
  int rc = ::connect(socket.fd(), address->ai_addr, address->ai_addrlen);
  ::freeaddrinfo(address);
  if (rc != 0 && errno != EINPROGRESS) {
    throw failure(std::string("cannot connect: ") + std::strerror(errno));
  }
  if (!wait_for(socket.fd(), POLLOUT, deadline)) throw failure("connect timed out");
  int error = 0;
  socklen_t length = sizeof error;
  ::getsockopt(socket.fd(), SOL_SOCKET, SO_ERROR, &error, &length);
  if (error != 0) throw failure(std::string("cannot connect: ") + std::strerror(error));

  const std::string job_header =
      token > 0 ? std::string(kHttpJobHeader) + ": " + std::to_string(token) + "\r\n" : "";
  const std::string request = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + job_header +
                              "Connection: close\r\n\r\n";
  std::size_t sent = 0;
  while (sent < request.size()) {
    if (!wait_for(socket.fd(), POLLOUT, deadline)) throw failure("sending timed out");
    ssize_t n = ::send(socket.fd(), request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (n < 0) throw failure(std::string("send: ") + std::strerror(errno));
    sent += static_cast<std::size_t>(n);
  }

  std::string raw;
  char buffer[65536];
  while (true) {
    if (!wait_for(socket.fd(), POLLIN, deadline)) throw failure("no complete answer in time");
    ssize_t n = ::recv(socket.fd(), buffer, sizeof buffer, 0);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (n < 0) throw failure(std::string("recv: ") + std::strerror(errno));
    if (n == 0) break;
    raw.append(buffer, static_cast<std::size_t>(n));
  }
  HttpResponse response;
  std::string why;
  if (!parse_response(raw, &response, &why)) throw failure(why);
  observed.done(response.status, response.body.size());
  return response;
}

}  // namespace ptlabs
