// Hostile: forges the answer. A forked child writes a complete, successful-looking answer
// on the subject's call channel (descriptor 3), then the caller waits forever, hoping the
// harness takes the child's answer as the subject's. The harness takes answers only from
// the subject's main process: the kernel attaches the sender's pid to every message.
// Expected: every process check fails or times out; none earns a point.
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "task.hpp"

namespace lab01 {

std::vector<Report> run_in_processes(int n, const std::function<std::uint64_t(int)>&) {
  if (::fork() == 0) {
    std::string answer = R"({"ok": true, "result": [)";
    for (int i = 0; i < n; ++i) {
      answer += (i ? "," : "") + std::string(R"({"index": )") + std::to_string(i) +
                R"(, "pid": 2, "tid": 2, "value": 1})";
    }
    answer += "]}";
    ::send(3, answer.data(), answer.size(), MSG_NOSIGNAL);
    ::_exit(0);
  }
  while (true) ::pause();
}

}  // namespace lab01
