// Hostile: forges the verdict by interposing write(), a function of the C library: every
// write of the program that mentions a failure is swallowed, so results documents and
// failure lines would read as if everything passed. The verdicts are now written by the
// harness, a program this code is not part of.
// Expected: no process check earns a point (the grader refuses the definition, or the
// process checks fail on their own).
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>
#include <string_view>

#include "task.hpp"

extern "C" ssize_t write(int fd, const void* data, size_t size) {
  const std::string_view text(static_cast<const char*>(data), size);
  if (text.find("ailure") != std::string_view::npos ||
      text.find("FAIL") != std::string_view::npos) {
    return static_cast<ssize_t>(size);
  }
  return ::syscall(SYS_write, fd, data, size);
}

namespace lab01 {

std::vector<Report> run_in_processes(int, const std::function<std::uint64_t(int)>&) {
  throw std::runtime_error("hostile: nothing of the lab done");
}

}  // namespace lab01
