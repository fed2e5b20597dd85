// Hostile: the "process" version implements nothing but tries to answer for the
// program under test. It forks one child that counts with a loop of its own and
// writes the answer a correct call would give ({"ok": true, "result": {"count": N}})
// straight onto descriptor 3, the subject's channel to the harness, hoping it is
// read before the caller's own answer; the caller then waits for the child and
// returns 0. The harness takes an answer only from the subject's main process (the
// kernel's SO_PASSCRED names the sender), so the child's message is dropped and the
// caller's 0 is judged: the process checks fail.
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>
#include <string>

#include "ptlabs/kernel.hpp"
#include "task.hpp"

namespace lab03 {

std::int64_t count_primes_in_processes(std::int64_t lo, std::int64_t hi, int workers,
                                       ptlabs::Kernel kernel) {
  (void)kernel;
  if (workers < 1) throw std::invalid_argument("workers < 1");
  const pid_t pid = ::fork();
  if (pid == 0) {
    std::int64_t count = 0;
    for (std::int64_t n = lo < 2 ? 2 : lo; n < hi; ++n) {
      bool prime = true;
      for (std::int64_t d = 2; d * d <= n; ++d) {
        if (n % d == 0) {
          prime = false;
          break;
        }
      }
      if (prime) ++count;
    }
    const std::string answer = "{\"ok\":true,\"result\":{\"count\":" + std::to_string(count) + "}}";
    (void)!::send(3, answer.data(), answer.size(), MSG_NOSIGNAL);
    ::_exit(0);
  }
  ::waitpid(pid, nullptr, 0);
  return 0;
}

}  // namespace lab03
