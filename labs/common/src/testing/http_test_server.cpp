#include "ptlabs/testing/http_test_server.hpp"

#include <httplib.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

namespace ptlabs::testing {

struct ServerStats {
  std::atomic<std::int64_t> requests{0};
  std::atomic<int> in_flight{0};
  std::atomic<int> max_in_flight{0};
};

namespace {

// Enough handler threads and queued connections that the server never limits a
// submission's concurrency.
constexpr std::size_t kHandlerThreads = 256;
constexpr int kListenBacklog = 4096;

// The n-th byte of /bytes/<n> bodies: a fixed pseudo-random sequence.
char body_byte(std::uint64_t i) {
  std::uint64_t x = i * 0x9E3779B97F4A7C15ull;
  x ^= x >> 29;
  return static_cast<char>(x & 0xFF);
}

// Counts the handler's time as in flight, from entry to return.
class InFlight {
 public:
  explicit InFlight(ServerStats* stats) : stats_(stats) {
    stats_->requests.fetch_add(1);
    int now = stats_->in_flight.fetch_add(1) + 1;
    int peak = stats_->max_in_flight.load();
    while (now > peak && !stats_->max_in_flight.compare_exchange_weak(peak, now)) {
    }
  }
  ~InFlight() { stats_->in_flight.fetch_sub(1); }
  InFlight(const InFlight&) = delete;
  InFlight& operator=(const InFlight&) = delete;

 private:
  ServerStats* stats_;
};

void sleep_seconds(double s) { std::this_thread::sleep_for(std::chrono::duration<double>(s)); }

std::int64_t number_after(const std::string& path, std::size_t prefix) {
  try {
    return std::stoll(path.substr(prefix));
  } catch (const std::exception&) {
    return -1;
  }
}

[[noreturn]] void serve(httplib::Server* server, ServerStats* stats, double latency_s) {
  server->new_task_queue = [] { return new httplib::ThreadPool(kHandlerThreads); };
  // Without it, Nagle's algorithm meets the client's delayed ACK and a small answer
  // sent in two writes waits up to 200 ms on loopback.
  server->set_tcp_nodelay(true);
  server->Get(
      R"(/.*)", [stats, latency_s](const httplib::Request& request, httplib::Response& response) {
        InFlight counted(stats);
        sleep_seconds(latency_s);
        const std::string& path = request.path;
        if (path.rfind("/error/", 0) == 0) {
          std::int64_t code = number_after(path, 7);
          response.status = code >= 400 && code <= 599 ? static_cast<int>(code) : 500;
          response.set_content("error " + std::to_string(response.status) + "\n", "text/plain");
          return;
        }
        if (path.rfind("/slow/", 0) == 0)
          sleep_seconds(static_cast<double>(number_after(path, 6)) / 1e3);
        std::string body = HttpTestServer::expected_body(path);
        if (body.empty() && path.rfind("/bytes/0", 0) != 0) {
          response.status = 404;
          response.set_content("not found\n", "text/plain");
          return;
        }
        response.set_content(body, "application/octet-stream");
      });
  server->listen_after_bind();
  ::_exit(0);
}

}  // namespace

std::string HttpTestServer::expected_body(const std::string& path) {
  if (path.rfind("/item/", 0) == 0) {
    std::int64_t k = number_after(path, 6);
    if (k < 0) return "";
    std::string body;
    for (std::int64_t i = 0; i < k % 7 + 1; ++i) body += "item " + std::to_string(k) + "\n";
    return body;
  }
  if (path.rfind("/bytes/", 0) == 0) {
    std::int64_t n = number_after(path, 7);
    if (n < 0 || n > (64 << 20)) return "";
    std::string body(static_cast<std::size_t>(n), '\0');
    for (std::size_t i = 0; i < body.size(); ++i) body[i] = body_byte(i);
    return body;
  }
  if (path.rfind("/slow/", 0) == 0) {
    std::int64_t ms = number_after(path, 6);
    return ms < 0 ? "" : "slow " + std::to_string(ms) + "\n";
  }
  return "";
}

HttpTestServer::HttpTestServer(double latency_s) : latency_s_(latency_s) {
  void* memory = ::mmap(nullptr, sizeof(ServerStats), PROT_READ | PROT_WRITE,
                        MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) throw std::runtime_error("test server: mmap failed");
  stats_ = new (memory) ServerStats();
  int fds[2];
  if (::pipe(fds) != 0) throw std::runtime_error("test server: pipe failed");
  const pid_t parent = ::getpid();
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("test server: fork failed");
  if (pid_ == 0) {
    ::close(fds[0]);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(1);
    auto* server = new httplib::Server();
    int listening_fd = -1;
    server->set_socket_options([&listening_fd](int fd) {
      httplib::default_socket_options(fd);
      listening_fd = fd;
    });
    int port = server->bind_to_any_port(host_);  // loopback only, an ephemeral port
    // Debian's compiled cpp-httplib listens with a queue of 5: more clients than that at
    // once would have their connections dropped and retried a second later. A second
    // listen() raises the queue, before any client knows the port.
    if (port > 0 && listening_fd >= 0) ::listen(listening_fd, kListenBacklog);
    (void)!::write(fds[1], &port, sizeof port);
    ::close(fds[1]);
    if (port <= 0) ::_exit(1);
    serve(server, stats_, latency_s);
  }
  ::close(fds[1]);
  int port = -1;
  ssize_t n = ::read(fds[0], &port, sizeof port);
  ::close(fds[0]);
  if (n != static_cast<ssize_t>(sizeof port) || port <= 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    throw std::runtime_error("test server: cannot listen on 127.0.0.1");
  }
  port_ = port;
}

HttpTestServer::~HttpTestServer() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  ::munmap(stats_, sizeof(ServerStats));
}

std::int64_t HttpTestServer::requests() const { return stats_->requests.load(); }

int HttpTestServer::max_in_flight() const { return stats_->max_in_flight.load(); }

void HttpTestServer::reset_stats() {
  stats_->requests.store(0);
  stats_->max_in_flight.store(0);
}

}  // namespace ptlabs::testing
