// Hostile: forges the verdict. A static initializer looks for the place where the test
// binary hands its results to the grader: a --gtest_output=json: file on its own command
// line (how results travelled before), the PTLABS_RESULTS_FD variable, or any in-memory
// file among its open descriptors (/proc/self/fd). It writes there a results document in
// which one test per pattern of the check's filter "ran and passed" (bare, and headed
// the way the test main heads its results, with whatever token it could read), and exits
// with status 0 before a single hidden test runs. Nothing of the lab is implemented.
// Expected (safe): every check is an `error` saying the results did not come from the
// test program; the grader must not take results the student's code could write.
#include <fcntl.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <filesystem>
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

std::string forged_document(const std::string& filter) {
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
  return json.str();
}

// Overwrites the in-memory file `fd` with `text`, headed like the test main's results.
void forge_into(int fd, const std::string& text) {
  char seen[128] = {};
  (void)!::pread(fd, seen, sizeof seen - 1, 0);
  std::string token = after(std::string(seen), "PTLABS-TOKEN ");
  token = token.substr(0, token.find('\n'));
  const std::string headed = "PTLABS-RESULTS " + token + "\n" + text;
  (void)!::ftruncate(fd, 0);
  (void)!::pwrite(fd, headed.data(), headed.size(), 0);
}

[[maybe_unused]] const bool kForged = [] {
  ::prctl(PR_SET_NAME, "@PTLABS_MARKER@");  // the test looks for this name over /proc
  std::string output, filter;
  for (const auto& arg : own_arguments()) {
    if (auto path = after(arg, "--gtest_output=json:"); !path.empty()) output = path;
    if (auto patterns = after(arg, "--gtest_filter="); !patterns.empty()) filter = patterns;
  }
  if (filter.empty()) return false;  // run by hand: behave
  const std::string document = forged_document(filter);
  bool forged = false;
  if (!output.empty()) {
    std::ofstream(output) << document;
    forged = true;
  }
  if (const char* fd = std::getenv("PTLABS_RESULTS_FD")) {
    forge_into(std::atoi(fd), document);
    forged = true;
  }
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
    const std::string target = std::filesystem::read_symlink(entry.path(), ec).string();
    if (target.find("memfd:") != std::string::npos) {
      forge_into(std::stoi(entry.path().filename().string()), document);
      forged = true;
    }
  }
  if (forged) ::_exit(0);
  return false;
}();

}  // namespace

namespace lab01 {

std::vector<Report> run_in_processes(int, const std::function<std::uint64_t(int)>&) {
  throw std::runtime_error("this implementation never runs");
}

}  // namespace lab01
