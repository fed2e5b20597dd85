// The private channel on which a lab test binary hands its GoogleTest results
// back to the grader.
//
// Before: the binary wrote --gtest_output=json:PATH into a folder on the real
// disk that the sandbox had to leave writable, so code under test could fill
// the disk there, or write a results file of its own claiming every test passed.
//
// Now: the grader creates an anonymous in-memory file (memfd) holding a fresh
// random token, and the binary inherits it as descriptor PTLABS_RESULTS_FD. The
// test main (grader/hidden/support/test_main.cpp) takes the token in a
// constructor that runs before any static initializer of the submission, wipes
// it from the file and the environment, and at the end writes the token and
// the results. A results document without the token did not come from the test
// main. Code inside the test process can still attack the test main itself
// (read its memory); that takes deliberate effort, and is what this raises the
// bar to. Writes to the memfd count against the run's memory and file-size limits.
#pragma once

#include <string>

#include "child_process.hpp"

namespace ptlabs::grader {

class ResultsChannel {
 public:
  enum class State {
    kMissing,  // nothing written: the run ended before the test main reported
    kForged,   // something was written, but not with this run's token
    kOk,       // the test main's results
  };

  ResultsChannel() = default;
  ~ResultsChannel();
  ResultsChannel(const ResultsChannel&) = delete;
  ResultsChannel& operator=(const ResultsChannel&) = delete;

  // Creates the memfd and its token. False (with *err) when the kernel refuses.
  bool open(std::string* err);

  // Lets `command` inherit the channel and tells it where: PTLABS_RESULTS_FD=<fd>.
  void attach(Command* command) const;

  // After the run: what the binary left there. With kOk, *json is GoogleTest's
  // JSON document; at most `max_bytes` are read.
  State read(std::string* json, std::size_t max_bytes = 16 << 20) const;

  const std::string& token() const { return token_; }

 private:
  int fd_ = -1;
  std::string token_;
};

// The first line the test main writes before the results: "PTLABS-RESULTS <token>\n".
// The file holds "PTLABS-TOKEN <token>\n" until the test main takes the token.
inline constexpr char kResultsHeader[] = "PTLABS-RESULTS ";
inline constexpr char kTokenHeader[] = "PTLABS-TOKEN ";
inline constexpr char kResultsFdVariable[] = "PTLABS_RESULTS_FD";

}  // namespace ptlabs::grader
