// main() of every lab test binary (public and hidden suites).
//
// Lab code forks. A child that returns from the student's function instead of
// leaving with _exit() goes on running the rest of the test program: it would
// run later tests a second time and overwrite the JSON results. This main
// stops any such stray child at its next test event, counts it in memory
// shared with the test program, and makes the program fail at the end with a
// message that says what happened, even if every assertion passed.
//
// Under the grader the results do not go to a file: the grader passes an
// in-memory file as descriptor PTLABS_RESULTS_FD holding "PTLABS-TOKEN <t>\n"
// (grader/src/results_channel.hpp). take_results_channel() runs before every
// static initializer of the code under test, keeps the token, and wipes it from
// the file and the environment; at the end main() writes
// "PTLABS-RESULTS <t>\n" and GoogleTest's JSON there. Without the variable
// (ctest, a student running the binary) GoogleTest behaves as usual.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#ifdef PTLABS_HARNESS
#include "support/harness.hpp"
#endif

namespace {

constexpr char kTokenHeader[] = "PTLABS-TOKEN ";
constexpr char kResultsHeader[] = "PTLABS-RESULTS ";

// Filled before main() by take_results_channel(); plain C storage, since it runs
// before the C++ objects of this file are constructed.
int g_results_fd = -1;
char g_token[65];

bool write_all_at(int fd, const char* data, std::size_t size, off_t offset) {
  while (size > 0) {
    const ssize_t n = ::pwrite(fd, data, size, offset);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
    offset += n;
  }
  return true;
}

// Priority 101: the first of the program's constructors, ahead of every static
// initializer at the default priority (the linker sorts .init_array by priority).
__attribute__((constructor(101))) void take_results_channel() {
  const char* value = std::getenv("PTLABS_RESULTS_FD");
  if (value == nullptr) return;
  const int fd = std::atoi(value);
  ::unsetenv("PTLABS_RESULTS_FD");
  char text[128] = {};
  const ssize_t n = ::pread(fd, text, sizeof text - 1, 0);
  const std::size_t header = sizeof kTokenHeader - 1;
  if (n <= static_cast<ssize_t>(header) || std::strncmp(text, kTokenHeader, header) != 0) return;
  std::size_t length = 0;
  while (length < sizeof g_token - 1 && text[header + length] != '\n' &&
         text[header + length] != '\0') {
    g_token[length] = text[header + length];
    ++length;
  }
  (void)!::ftruncate(fd, 0);
  ::fcntl(fd, F_SETFD, FD_CLOEXEC);  // programs the tests exec never see it
  g_results_fd = fd;
}

// Reads all of `fd` from the start.
std::string read_all(int fd) {
  std::string text;
  char buffer[65536];
  off_t offset = 0;
  while (true) {
    const ssize_t n = ::pread(fd, buffer, sizeof buffer, offset);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return text;
    text.append(buffer, static_cast<std::size_t>(n));
    offset += n;
  }
}

// Sends GoogleTest's JSON (written to `json_fd`) to the grader with the token.
void hand_results_to_grader(int json_fd) {
  const std::string results = kResultsHeader + std::string(g_token) + "\n" + read_all(json_fd);
  (void)!::ftruncate(g_results_fd, 0);
  if (!write_all_at(g_results_fd, results.data(), results.size(), 0)) {
    std::perror("ptlabs test main: writing the results for the grader");
  }
}

class StrayChildGuard : public testing::EmptyTestEventListener {
 public:
  explicit StrayChildGuard(std::atomic<int>* strays) : owner_(::getpid()), strays_(strays) {}

  void OnTestStart(const testing::TestInfo&) override { check(); }
  void OnTestPartResult(const testing::TestPartResult&) override { check(); }
  void OnTestEnd(const testing::TestInfo&) override { check(); }
  void OnTestProgramEnd(const testing::UnitTest&) override { check(); }

 private:
  void check() const {
    if (::getpid() == owner_) return;
    strays_->fetch_add(1);
    static const char kMessage[] =
        "ptlabs: a child process returned into the test program; a child must leave with "
        "_exit() after its job\n";
    (void)!::write(2, kMessage, sizeof kMessage - 1);
    ::_exit(97);
  }
  pid_t owner_;
  std::atomic<int>* strays_;
};

#ifdef PTLABS_HARNESS
// The harness's arguments: GoogleTest's flags, then `--` and the command that
// starts the subject (bubblewrap around it when the grader sandboxes it).
void take_subject_command(int* argc, char** argv) {
  for (int i = 1; i < *argc; ++i) {
    if (std::string(argv[i]) != "--") continue;
    std::vector<std::string> command(argv + i + 1, argv + *argc);
    const std::string wrapper = "bwrap";
    const bool wrapped =
        !command.empty() && command[0].size() >= wrapper.size() &&
        command[0].compare(command[0].size() - wrapper.size(), wrapper.size(), wrapper) == 0;
    ptlabs::harness::Subject::set_command(std::move(command), wrapped);
    *argc = i;
    argv[i] = nullptr;
    return;
  }
}

// Stops each test's subject when the test ends, so nothing of it reaches the next.
class SubjectPerTest : public testing::EmptyTestEventListener {
  void OnTestEnd(const testing::TestInfo&) override { ptlabs::harness::Subject::stop_current(); }
};
#endif

}  // namespace

int main(int argc, char** argv) {
#ifdef PTLABS_HARNESS
  take_subject_command(&argc, argv);
  testing::UnitTest::GetInstance()->listeners().Append(new SubjectPerTest);
#endif
  int json_fd = -1;
  if (g_results_fd >= 0) {
    json_fd = ::memfd_create("gtest-results", MFD_CLOEXEC);
    if (json_fd < 0) {
      std::perror("ptlabs test main: memfd_create");
      return 3;
    }
    // Before InitGoogleTest: it installs the JSON printer from the flag's value then.
    GTEST_FLAG_SET(output, "json:/proc/self/fd/" + std::to_string(json_fd));
  }
  testing::InitGoogleTest(&argc, argv);
  void* shared = ::mmap(nullptr, sizeof(std::atomic<int>), PROT_READ | PROT_WRITE,
                        MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (shared == MAP_FAILED) {
    std::perror("ptlabs test main: mmap");
    return 3;
  }
  auto* strays = new (shared) std::atomic<int>(0);
  // Appended last: it sees end events first, before the result printers write anything.
  testing::UnitTest::GetInstance()->listeners().Append(new StrayChildGuard(strays));
  int status = RUN_ALL_TESTS();
  if (json_fd >= 0) hand_results_to_grader(json_fd);
  if (strays->load() > 0) {
    std::fprintf(stderr,
                 "ptlabs: FAILED: %d child process(es) returned into the test program instead of "
                 "leaving with _exit(); see the hint about _exit() in the lab's README\n",
                 strays->load());
    return 1;
  }
  return status;
}
