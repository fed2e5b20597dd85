// Hostile: connects to a listener the test opened on the host's loopback, outside the
// sandbox (the test puts its port in place of @PTLABS_PORT@). The sandbox has a network
// namespace of its own, whose loopback is empty, so the connection must be refused.
// Loopback only: this case never sends anything off the machine.
// Expected: the process checks end `failed`, the thread checks pass, and the listener
// sees no connection.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

#include "task.hpp"

namespace lab01 {

std::vector<Report> run_in_processes(int n, const std::function<std::uint64_t(int)>& job) {
  (void)n;
  (void)job;
  ::prctl(PR_SET_NAME, "@PTLABS_MARKER@");  // the test looks for this name over /proc
  const int port = std::atoi("@PTLABS_PORT@");
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error(std::string("hostile: no socket: ") + std::strerror(errno));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string result;
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0) {
    (void)!::write(fd, "ptlabs-hostile\n", 15);
    result = "ptlabs-net: connected to the host's listener";
  } else {
    result = std::string("connection refused here: ") + std::strerror(errno);
  }
  ::close(fd);
  std::printf("%s\n", result.c_str());
  std::fflush(stdout);
  throw std::runtime_error("hostile: " + result);
}

}  // namespace lab01
