#include "ptlabs/testing/http_test_server.hpp"

#include <httplib.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace ptlabs::testing {

namespace {
constexpr int kMaxRecords = 1024;
constexpr int kMaxOwners = 8;

struct RequestRecord {
  std::atomic<bool> ready{false};
  std::int64_t job_token = 0;
  bool owners_known = false;
  int owner_count = 0;
  pid_t owners[kMaxOwners] = {};
  char path[128] = {};
};
}  // namespace

struct ServerStats {
  std::atomic<std::int64_t> requests{0};
  std::atomic<int> in_flight{0};
  std::atomic<int> max_in_flight{0};
  std::atomic<int> recorded{0};
  RequestRecord records[kMaxRecords];
};

namespace {

// The inode of the TCP socket from local port `client_port` to `server_port`, from this
// process's network namespace (/proc/net/tcp and tcp6); 0 if not found.
std::uint64_t client_socket_inode(int client_port, int server_port) {
  for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    std::ifstream in(table);
    std::string line;
    std::getline(in, line);  // the header
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string slot, local, remote, state, queues, timer, retransmits, uid, timeout;
      std::uint64_t inode = 0;
      fields >> slot >> local >> remote >> state >> queues >> timer >> retransmits >> uid >>
          timeout >> inode;
      const auto port_of = [](const std::string& address) {
        const auto colon = address.rfind(':');
        return colon == std::string::npos
                   ? -1
                   : static_cast<int>(std::strtol(address.c_str() + colon + 1, nullptr, 16));
      };
      if (port_of(local) == client_port && port_of(remote) == server_port && inode != 0) {
        return inode;
      }
    }
  }
  return 0;
}

// `root` and its descendants (threads' children included), at most 512.
std::vector<pid_t> process_tree(pid_t root) {
  std::vector<pid_t> out{root};
  for (std::size_t k = 0; k < out.size() && out.size() < 512; ++k) {
    std::error_code ec;
    const std::string tasks = "/proc/" + std::to_string(out[k]) + "/task";
    for (const auto& task : std::filesystem::directory_iterator(tasks, ec)) {
      std::ifstream in(task.path() / "children");
      pid_t child = 0;
      while (in >> child) out.push_back(child);
    }
  }
  return out;
}

// Which processes of the tree under `root` hold the client's end of the connection.
void find_owners(pid_t root, int client_port, int server_port, RequestRecord* record) {
  const std::uint64_t inode = client_socket_inode(client_port, server_port);
  if (inode == 0) return;
  record->owners_known = true;
  const std::string wanted = "socket:[" + std::to_string(inode) + "]";
  for (pid_t pid : process_tree(root)) {
    std::error_code ec;
    for (const auto& fd :
         std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec)) {
      std::error_code link_ec;
      if (std::filesystem::read_symlink(fd.path(), link_ec).string() != wanted) continue;
      if (record->owner_count < kMaxOwners) record->owners[record->owner_count++] = pid;
      break;
    }
  }
}

// Records one request (HttpServerOptions).
void record_request(ServerStats* stats, const httplib::Request& request, pid_t owners_under,
                    int server_port) {
  const int slot = stats->recorded.fetch_add(1);
  if (slot >= kMaxRecords) return;
  RequestRecord& record = stats->records[slot];
  record.owners_known = false;  // the slot may hold a request from before reset_stats()
  record.owner_count = 0;
  std::memset(record.path, 0, sizeof record.path);
  std::strncpy(record.path, request.path.c_str(), sizeof record.path - 1);
  const std::string token = request.get_header_value("X-Ptlabs-Job");
  record.job_token = token.empty() ? 0 : std::strtoll(token.c_str(), nullptr, 10);
  if (owners_under > 0) find_owners(owners_under, request.remote_port, server_port, &record);
  record.ready.store(true);
}

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

[[noreturn]] void serve(httplib::Server* server, ServerStats* stats, double latency_s,
                        pid_t owners_under, int port) {
  server->new_task_queue = [] { return new httplib::ThreadPool(kHandlerThreads); };
  // Without it, Nagle's algorithm meets the client's delayed ACK and a small answer
  // sent in two writes waits up to 200 ms on loopback.
  server->set_tcp_nodelay(true);
  server->Get(R"(/.*)", [stats, latency_s, owners_under, port](const httplib::Request& request,
                                                               httplib::Response& response) {
    InFlight counted(stats);
    record_request(stats, request, owners_under, port);
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

HttpTestServer::HttpTestServer(double latency_s) : HttpTestServer(latency_s, {}) {}

HttpTestServer::HttpTestServer(double latency_s, HttpServerOptions options)
    : latency_s_(latency_s) {
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
    if (options.in_child && !options.in_child()) {
      const int failed = -1;
      (void)!::write(fds[1], &failed, sizeof failed);
      ::_exit(1);
    }
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
    serve(server, stats_, latency_s, options.owners_under, port);
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
  const int recorded = std::min(stats_->recorded.load(), kMaxRecords);
  for (int i = 0; i < recorded; ++i) stats_->records[i].ready.store(false);
  stats_->recorded.store(0);
}

std::vector<ServedRequest> HttpTestServer::served() const {
  std::vector<ServedRequest> out;
  const int recorded = std::min(stats_->recorded.load(), kMaxRecords);
  for (int i = 0; i < recorded; ++i) {
    const RequestRecord& record = stats_->records[i];
    if (!record.ready.load()) continue;
    ServedRequest served;
    served.path.assign(record.path, strnlen(record.path, sizeof record.path));
    served.job_token = record.job_token;
    served.owners_known = record.owners_known;
    served.owners.assign(record.owners, record.owners + std::min(record.owner_count, kMaxOwners));
    out.push_back(std::move(served));
  }
  return out;
}

}  // namespace ptlabs::testing
