// Hostile: forges the verdict. A static initializer finds, on the test binary's own
// command line, the file where GoogleTest will write its results (--gtest_output=json:)
// and the check's filter, writes a results document in which one test per pattern "ran
// and passed", and exits with status 0 before a single hidden test runs. Nothing of the
// lab is implemented: run_in_processes only throws.
// Expected (safe): no check passes; the grader must not take a results file that the
// student's code could have written as proof that the hidden tests ran and passed.
#include <sys/prctl.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "task.hpp"

namespace {

std::vector<std::string> own_arguments() {
  std::ifstream in("/proc/self/cmdline");
  std::vector<std::string> args;
  std::string arg;
  while (std::getline(in, arg, '\0')) args.push_back(arg);
  return args;
}

std::string after(const std::string& text, const std::string& prefix) {
  return text.rfind(prefix, 0) == 0 ? text.substr(prefix.size()) : "";
}

[[maybe_unused]] const bool kForged = [] {
  ::prctl(PR_SET_NAME, "@PTLABS_MARKER@");  // the test looks for this name over /proc
  std::string output, filter;
  for (const auto& arg : own_arguments()) {
    if (auto path = after(arg, "--gtest_output=json:"); !path.empty()) output = path;
    if (auto patterns = after(arg, "--gtest_filter="); !patterns.empty()) filter = patterns;
  }
  if (output.empty()) return false;  // run by hand: behave
  std::ostringstream json;
  json << R"({"tests": 1, "failures": 0, "testsuites": [)";
  std::istringstream patterns(filter);
  std::string pattern;
  bool first = true;
  while (std::getline(patterns, pattern, ':')) {
    const std::string suite = pattern.substr(0, pattern.find('.'));
    json << (first ? "" : ",") << R"({"name": ")" << suite
         << R"(", "tests": 1, "failures": 0, "testsuite": [{"name": "Forged", "status": "RUN", )"
         << R"("result": "COMPLETED", "time": "0.001s", "classname": ")" << suite << R"("}]})";
    first = false;
  }
  json << "]}\n";
  std::ofstream(output) << json.str();
  ::_exit(0);
}();

}  // namespace

namespace lab01 {

std::vector<Report> run_in_processes(int, const std::function<std::uint64_t(int)>&) {
  throw std::runtime_error("this implementation never runs");
}

}  // namespace lab01
