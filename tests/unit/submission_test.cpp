#include "submission.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>

namespace ptlabs::grader {
namespace {
namespace fs = std::filesystem;

class Submission : public testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/ptlabs-submission-test-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    root_ = pattern;
    lab_.id = "01-spawn";
  }
  void TearDown() override { fs::remove_all(root_); }
  void write(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
  }
  fs::path root_;
  Lab lab_;
};

TEST_F(Submission, FindsLabFolderFlatOrInsideACheckout) {
  EXPECT_TRUE(find_lab_dir(root_, lab_).empty());
  fs::create_directories(root_ / "labs" / "01-spawn");
  EXPECT_EQ(find_lab_dir(root_, lab_), root_ / "labs" / "01-spawn");
  fs::create_directories(root_ / "01-spawn");
  EXPECT_EQ(find_lab_dir(root_, lab_), root_ / "01-spawn") << "the flat layout wins";
}

TEST_F(Submission, NeverFindsALabFolderThroughASymbolicLink) {
  char pattern[] = "/tmp/ptlabs-submission-outside-XXXXXX";
  ASSERT_NE(::mkdtemp(pattern), nullptr);
  const fs::path outside = pattern;
  fs::create_directories(outside / "01-spawn");
  fs::create_symlink(outside, root_ / "labs");
  EXPECT_TRUE(find_lab_dir(root_, lab_).empty()) << "a linked labs/ leads out of the submission";
  fs::create_symlink(outside / "01-spawn", root_ / "01-spawn");
  EXPECT_TRUE(find_lab_dir(root_, lab_).empty()) << "a linked lab folder is not followed";
  fs::remove_all(outside);
}

TEST_F(Submission, TakesOnlyRegularSourcesAndNeverTaskHpp) {
  const fs::path dir = root_ / "01-spawn";
  write(dir / "process.cpp", "x");
  write(dir / "helper.hpp", "x");
  write(dir / "task.hpp", "tampered");
  write(dir / "notes.txt", "x");
  write(dir / "tests" / "mine.cpp", "x");
  write(dir / "huge.cpp", std::string(kMaxSourceBytes + 1, 'x'));
  fs::create_symlink("/etc/passwd", dir / "link.cpp");
  LabFiles files = collect_lab_files(dir);
  std::vector<std::string> names;
  for (const auto& f : files.student_files) names.push_back(f.filename().string());
  EXPECT_EQ(names, (std::vector<std::string>{"helper.hpp", "process.cpp"}));
  ASSERT_EQ(files.notes.size(), 2u);
  std::string notes = files.notes[0] + files.notes[1];
  EXPECT_NE(notes.find("link.cpp is a symbolic link"), std::string::npos) << notes;
  EXPECT_NE(notes.find("huge.cpp is larger than 1 MiB"), std::string::npos) << notes;
}

TEST_F(Submission, BadSubmissionFoldersAreExplained) {
  std::string err;
  EXPECT_TRUE(check_submission_dir(root_, &err)) << err;
  EXPECT_FALSE(check_submission_dir(root_ / "missing", &err));
  EXPECT_NE(err.find("does not exist"), std::string::npos) << err;
  write(root_ / "file", "x");
  EXPECT_FALSE(check_submission_dir(root_ / "file", &err));
  EXPECT_NE(err.find("is not a folder"), std::string::npos) << err;
}

}  // namespace
}  // namespace ptlabs::grader
