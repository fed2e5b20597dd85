#include "ptlabs/call_log.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <thread>

#include "ptlabs/clock.hpp"
#include "ptlabs/identity.hpp"

namespace ptlabs {
namespace {

CallRecord record(std::int64_t arg) {
  CallRecord r;
  r.pid = current_pid();
  r.tid = current_tid();
  r.start_ns = now_ns();
  r.end_ns = now_ns();
  r.arg0 = arg;
  return r;
}

class CallLogTest : public testing::Test {
 protected:
  void TearDown() override { CallLog::uninstall(); }
};

TEST_F(CallLogTest, NothingIsRecordedWithoutALog) {
  CallLog::append(record(1));
  EXPECT_FALSE(CallLog::installed());
  EXPECT_TRUE(CallLog::records().empty());
}

TEST_F(CallLogTest, ChildrenForkedAfterInstallWriteToTheSameLog) {
  std::string err;
  ASSERT_TRUE(CallLog::install(64, "", &err)) << err;
  std::vector<pid_t> children;
  for (int i = 0; i < 4; ++i) {
    pid_t pid = ::fork();
    if (pid == 0) {
      CallLog::append(record(i));
      ::_exit(0);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) ::waitpid(pid, nullptr, 0);
  auto records = CallLog::records();
  ASSERT_EQ(records.size(), 4u);
  std::set<int> pids;
  for (const auto& r : records) pids.insert(r.pid);
  EXPECT_EQ(pids.size(), 4u);
  EXPECT_EQ(pids.count(current_pid()), 0u);
}

TEST_F(CallLogTest, ThreadsAppendConcurrentlyAndOverflowIsCounted) {
  std::string err;
  ASSERT_TRUE(CallLog::install(100, "", &err)) << err;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([] {
      for (int i = 0; i < 40; ++i) CallLog::append(record(i));
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(CallLog::records().size(), 100u);
  EXPECT_EQ(CallLog::dropped(), 60u);
  CallLog::clear();
  EXPECT_TRUE(CallLog::records().empty());
  EXPECT_EQ(CallLog::dropped(), 0u);
}

TEST_F(CallLogTest, AFileBackedLogIsReadableByAnotherProcess) {
  const std::string path = "/tmp/ptlabs-call-log-test-" + std::to_string(::getpid());
  std::string err;
  ASSERT_TRUE(CallLog::install(16, path, &err)) << err;
  pid_t pid = ::fork();
  if (pid == 0) {
    CallLog::append(record(42));
    ::_exit(0);
  }
  ::waitpid(pid, nullptr, 0);
  CallLog::uninstall();
  std::vector<CallRecord> records;
  std::uint64_t dropped = 99;
  ASSERT_TRUE(CallLog::read_file(path, &records, &dropped, &err)) << err;
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].arg0, 42);
  EXPECT_EQ(records[0].pid, pid);
  EXPECT_EQ(dropped, 0u);
  std::filesystem::remove(path);
  EXPECT_FALSE(CallLog::read_file("/nonexistent", &records, &dropped, &err));
  EXPECT_FALSE(CallLog::read_file("/etc/hostname", &records, &dropped, &err));
}

TEST_F(CallLogTest, EnvironmentVariableInstallsAFileLog) {
  const std::string path = "/tmp/ptlabs-call-log-env-" + std::to_string(::getpid());
  ::setenv("PTLABS_CALL_LOG", path.c_str(), 1);
  std::string err;
  EXPECT_TRUE(CallLog::install_from_environment(&err)) << err;
  ::unsetenv("PTLABS_CALL_LOG");
  EXPECT_TRUE(CallLog::installed());
  EXPECT_TRUE(std::filesystem::exists(path));
  CallLog::uninstall();
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace ptlabs
