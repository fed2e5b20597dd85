// Hostile: hands the grader results it cannot read. It defines main(), so the test main
// (in a static library linked after the submission's objects) is never linked and the
// token of the results channel is still in the file; main() reads it and writes, headed
// as the test main heads its results, a JSON document of the right shape with the
// wrong types (a suite name that is a number, a failure that is a string). Before, the
// grader threw while reading it and ended the whole grading with status 3 and no
// report.
// Expected (safe): every check is an `error` that says the grader could not use its
// results (or, once a student main() is refused at build time, that the build failed);
// the grading ends with status 1 and a whole report.
#include <sys/prctl.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>
#include <string>

#include "task.hpp"

int main() {
  ::prctl(PR_SET_NAME, "@PTLABS_MARKER@");  // the test looks for this name over /proc
  const char* channel = std::getenv("PTLABS_RESULTS_FD");
  if (channel == nullptr) return 0;
  const int fd = std::atoi(channel);
  char seen[128] = {};
  (void)!::pread(fd, seen, sizeof seen - 1, 0);
  std::string token = seen;
  const std::string header = "PTLABS-TOKEN ";
  token = token.rfind(header, 0) == 0 ? token.substr(header.size()) : "";
  token = token.substr(0, token.find('\n'));
  const std::string document =
      "PTLABS-RESULTS " + token +
      "\n{\"testsuites\": [{\"name\": 7, \"testsuite\": [{\"name\": \"Forged\", \"status\": "
      "\"RUN\", \"result\": \"COMPLETED\", \"failures\": [\"not an object\"]}]}]}\n";
  (void)!::ftruncate(fd, 0);
  (void)!::pwrite(fd, document.data(), document.size(), 0);
  return 0;
}

namespace lab01 {

std::vector<Report> run_in_processes(int, const std::function<std::uint64_t(int)>&) {
  throw std::runtime_error("this implementation never runs");
}

}  // namespace lab01
