// Hostile: a double-forked daemon. The grandchild starts a session of its own (leaving
// the process group the grader kills), writes its pid to a file in /tmp, closes its
// output and sleeps forever; its parent exits at once, so it is nobody's child.
// Expected: the process checks end `failed`, the thread checks pass; after the grading
// the pid file is not in the real /tmp (the sandbox's /tmp is private) and no process
// named by the marker survives.
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <stdexcept>
#include <string>

#include "task.hpp"

namespace lab01 {

std::vector<Report> run_in_processes(int n, const std::function<std::uint64_t(int)>& job) {
  (void)n;
  (void)job;
  ::prctl(PR_SET_NAME, "@PTLABS_MARKER@");  // the test looks for this name over /proc
  pid_t child = ::fork();
  if (child == 0) {
    ::setsid();
    if (::fork() != 0) ::_exit(0);
    std::signal(SIGHUP, SIG_IGN);
    std::signal(SIGTERM, SIG_IGN);
    const std::string line = std::to_string(::getpid()) + "\n";
    int fd = ::open("/tmp/ptlabs-daemon-@PTLABS_MARKER@.pid", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      (void)!::write(fd, line.data(), line.size());
      ::close(fd);
    }
    for (int i = 0; i < 3; ++i) ::close(i);
    while (true) ::pause();
  }
  if (child > 0) ::waitpid(child, nullptr, 0);
  throw std::runtime_error("hostile: started a daemon");
}

}  // namespace lab01
