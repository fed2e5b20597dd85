#include "file_watch.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "ptlabs/clock.hpp"

namespace ptlabs::grader {
namespace {
namespace fs = std::filesystem;

TEST(FileWatch, WatchesLabCodeAndIgnoresEditorFiles) {
  struct Case {
    const char* name;
    bool watched;
  } cases[] = {{"process.cpp", true},
               {"helpers.hpp", true},
               {"process.cpp~", false},
               {".process.cpp.swp", false},
               {"#process.cpp#", false},
               {".#process.cpp", false},
               {"4913", false},
               {"notes.txt", false},
               {"process.cpp.tmp", false},
               {"", false}};
  for (const auto& c : cases) EXPECT_EQ(is_watched_name(c.name), c.watched) << c.name;
}

class FolderWatchTest : public testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/ptlabs-watch-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
    ASSERT_EQ(::pipe(wake_), 0);
    std::string err;
    ASSERT_TRUE(watch_.open(dir_, &err)) << err;
  }
  void TearDown() override {
    ::close(wake_[0]);
    ::close(wake_[1]);
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  // Wakes the watch through the interrupt pipe after `ms`, from another thread.
  std::thread interrupt_after(int ms) {
    return std::thread([this, ms] {
      std::this_thread::sleep_for(std::chrono::milliseconds(ms));
      const char byte = 1;
      [[maybe_unused]] ssize_t n = ::write(wake_[1], &byte, 1);
    });
  }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
  }

  fs::path dir_;
  int wake_[2] = {-1, -1};
  FolderWatch watch_;
};

TEST_F(FolderWatchTest, AnInPlaceSaveWakesIt) {
  write("process.cpp", "int x;");
  std::string saved, err;
  EXPECT_EQ(watch_.wait_for_save(wake_[0], 50, &saved, &err), FolderWatch::Wait::kSaved) << err;
  EXPECT_EQ(saved, "process.cpp");
}

TEST_F(FolderWatchTest, AnAtomicReplaceByRenameWakesIt) {
  write(".process.cpp.tmp-editor", "int y;");  // editors write a hidden temporary, then rename
  fs::rename(dir_ / ".process.cpp.tmp-editor", dir_ / "thread.cpp");
  std::string saved, err;
  EXPECT_EQ(watch_.wait_for_save(wake_[0], 50, &saved, &err), FolderWatch::Wait::kSaved) << err;
  EXPECT_EQ(saved, "thread.cpp");
}

TEST_F(FolderWatchTest, SwapAndBackupFilesDoNotWakeIt) {
  write(".process.cpp.swp", "swap");
  write("process.cpp~", "backup");
  write("4913", "");
  std::thread wake = interrupt_after(400);
  std::string saved, err;
  EXPECT_EQ(watch_.wait_for_save(wake_[0], 50, &saved, &err), FolderWatch::Wait::kInterrupted)
      << "woke for " << saved;
  wake.join();
}

TEST_F(FolderWatchTest, ABurstOfSavesIsOneWakeAfterTheQuietTime) {
  std::thread writer([this] {
    for (int i = 0; i < 5; ++i) {
      write("process.cpp", std::to_string(i));
      std::this_thread::sleep_for(std::chrono::milliseconds(40));
    }
  });
  const std::uint64_t start = now_ns();
  std::string saved, err;
  EXPECT_EQ(watch_.wait_for_save(wake_[0], 200, &saved, &err), FolderWatch::Wait::kSaved) << err;
  const double waited_ms = static_cast<double>(now_ns() - start) / 1e6;
  writer.join();
  // Five writes 40 ms apart, then 200 ms of quiet: at least 360 ms after the first.
  EXPECT_GE(waited_ms, 360) << "it woke before the burst was over";
  // The burst was drained: with no new save, only the interrupt wakes it.
  std::thread wake = interrupt_after(300);
  EXPECT_EQ(watch_.wait_for_save(wake_[0], 50, &saved, &err), FolderWatch::Wait::kInterrupted);
  wake.join();
}

TEST_F(FolderWatchTest, ADeletedFolderIsAnErrorThatSaysWhatToDo) {
  fs::remove_all(dir_);
  std::string saved, err;
  EXPECT_EQ(watch_.wait_for_save(wake_[0], 50, &saved, &err), FolderWatch::Wait::kError);
  EXPECT_NE(err.find("start grader watch again"), std::string::npos) << err;
}

TEST(FileWatch, OpeningAMissingFolderFails) {
  FolderWatch watch;
  std::string err;
  EXPECT_FALSE(watch.open("/nonexistent/ptlabs-watch", &err));
  EXPECT_NE(err.find("/nonexistent/ptlabs-watch"), std::string::npos) << err;
}

}  // namespace
}  // namespace ptlabs::grader
