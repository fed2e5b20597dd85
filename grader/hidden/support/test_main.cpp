// main() of every lab test binary (public and hidden suites).
//
// Lab code forks. A child that returns from the student's function instead of
// leaving with _exit() goes on running the rest of the test program: it would
// run later tests a second time and overwrite the JSON results. This main
// stops any such stray child at its next test event, counts it in memory
// shared with the test program, and makes the program fail at the end with a
// message that says what happened, even if every assertion passed.
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>

namespace {

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

}  // namespace

int main(int argc, char** argv) {
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
  if (strays->load() > 0) {
    std::fprintf(stderr,
                 "ptlabs: FAILED: %d child process(es) returned into the test program instead of "
                 "leaving with _exit(); see the hint about _exit() in the lab's README\n",
                 strays->load());
    return 1;
  }
  return status;
}
