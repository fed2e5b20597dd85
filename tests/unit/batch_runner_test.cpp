#include "batch_runner.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "perf_engine.hpp"
#include "ptlabs/clock.hpp"
#include "report_json.hpp"

namespace ptlabs::grader {
namespace {
namespace fs = std::filesystem;

class BatchRunner : public testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/ptlabs-batch-test-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    root_ = pattern;
    fs::create_directories(root_ / "subs");
    fs::create_directories(root_ / "scratch");
    spawn_.id = "01-spawn";
    spawn_.number = 1;
    Check check;
    check.name = "model";
    check.points = 3;
    spawn_.checks = {check};
    sharing_.id = "02-sharing";
    sharing_.number = 2;
  }
  void TearDown() override { fs::remove_all(root_); }
  void write(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
  }
  Prepared prepare(const std::string& id, bool archive = false) {
    return prepare_submission({id, root_ / "subs" / id, archive}, root_ / "scratch", labs_, {});
  }
  fs::path root_;
  Lab spawn_;
  Lab sharing_;
  std::vector<const Lab*> labs_ = {&spawn_, &sharing_};
};

TEST_F(BatchRunner, ListsFoldersAndArchivesByIdAndWarnsAboutTheRest) {
  fs::create_directories(root_ / "subs" / "bob");
  fs::create_directories(root_ / "subs" / "alice");
  write(root_ / "subs" / "carol.zip", "x");
  write(root_ / "subs" / "dave.tar.gz", "x");
  write(root_ / "subs" / "alice.zip", "x");  // alice/ wins
  write(root_ / "subs" / "notes.txt", "x");
  write(root_ / "subs" / ".DS_Store", "x");
  fs::create_symlink("/etc", root_ / "subs" / "eve");
  std::vector<Submission> subs;
  std::vector<std::string> warnings;
  std::string err;
  ASSERT_TRUE(list_submissions(root_ / "subs", &subs, &warnings, &err)) << err;
  std::vector<std::string> ids;
  for (const auto& s : subs) ids.push_back(s.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"alice", "bob", "carol", "dave", "eve"}));
  EXPECT_FALSE(subs[0].archive);
  EXPECT_TRUE(subs[2].archive);
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_NE(warnings[0].find("notes.txt"), std::string::npos);
  EXPECT_NE(warnings[1].find("alice.zip ignored"), std::string::npos) << warnings[1];

  EXPECT_FALSE(list_submissions(root_ / "nowhere", &subs, &warnings, &err));
  EXPECT_NE(err.find("--submissions"), std::string::npos) << err;
}

TEST_F(BatchRunner, ReadyWhenALabFolderIsThere) {
  write(root_ / "subs" / "alice" / "01-spawn" / "process.cpp", "x");
  Prepared p = prepare("alice");
  EXPECT_EQ(p.status, "") << p.detail;
  EXPECT_EQ(p.folder, root_ / "subs" / "alice");
  ASSERT_EQ(p.found.size(), 1u);
  EXPECT_EQ(p.found[0], &spawn_);
}

TEST_F(BatchRunner, LooksIntoASingleWrappingFolder) {
  write(root_ / "subs" / "alice" / "alice-labs" / "labs" / "02-sharing" / "thread.cpp", "x");
  Prepared p = prepare("alice");
  EXPECT_EQ(p.status, "") << p.detail;
  EXPECT_EQ(p.folder, root_ / "subs" / "alice" / "alice-labs");
}

TEST_F(BatchRunner, EmptyAndWrongLayout) {
  fs::create_directories(root_ / "subs" / "empty");
  EXPECT_EQ(prepare("empty").status, "empty");
  write(root_ / "subs" / "lost" / "process.cpp", "x");
  write(root_ / "subs" / "lost" / "spawn" / "thread.cpp", "x");
  Prepared p = prepare("lost");
  EXPECT_EQ(p.status, "wrong-layout");
  EXPECT_NE(p.detail.find("01-spawn/process.cpp"), std::string::npos) << p.detail;
}

TEST_F(BatchRunner, ASymlinkLeadingOutIsRefusedOneStayingInIsNot) {
  write(root_ / "subs" / "inside" / "01-spawn" / "process.cpp", "x");
  fs::create_symlink("process.cpp", root_ / "subs" / "inside" / "01-spawn" / "alias.cpp");
  EXPECT_EQ(escaping_symlink(root_ / "subs" / "inside"), "");
  EXPECT_EQ(prepare("inside").status, "");

  write(root_ / "subs" / "mallory" / "01-spawn" / "thread.cpp", "x");
  fs::create_symlink("/etc/passwd", root_ / "subs" / "mallory" / "01-spawn" / "process.cpp");
  Prepared p = prepare("mallory");
  EXPECT_EQ(p.status, "unsafe-symlink");
  EXPECT_NE(p.detail.find("01-spawn/process.cpp"), std::string::npos) << p.detail;

  write(root_ / "subs" / "trudy" / "01-spawn" / "thread.cpp", "x");
  fs::create_symlink("../../../..", root_ / "subs" / "trudy" / "01-spawn" / "up");
  EXPECT_EQ(escaping_symlink(root_ / "subs" / "trudy"), "01-spawn/up");

  fs::create_symlink(root_ / "subs" / "inside", root_ / "subs" / "eve");
  EXPECT_EQ(prepare("eve").status, "unsafe-symlink") << "a student entry that is a link";
}

TEST_F(BatchRunner, ArchivesAreUnpackedIntoScratchOrRefused) {
  const fs::path src = root_ / "src";
  write(src / "alice" / "01-spawn" / "process.cpp", "int x;\n");
  ASSERT_EQ(std::system(("cd " + src.string() + " && zip -qr ../subs/alice.zip alice").c_str()), 0);
  Prepared p = prepare_submission({"alice", root_ / "subs" / "alice.zip", true}, root_ / "scratch",
                                  labs_, {});
  EXPECT_EQ(p.status, "") << p.detail;
  EXPECT_EQ(p.folder, root_ / "scratch" / "alice") << "the wrapping folder is looked into";

  write(root_ / "subs" / "bob.zip", "not a zip at all");
  fs::remove_all(root_ / "scratch");
  fs::create_directories(root_ / "scratch");
  p = prepare_submission({"bob", root_ / "subs" / "bob.zip", true}, root_ / "scratch", labs_, {});
  EXPECT_EQ(p.status, "bad-archive");
  EXPECT_NE(p.detail.find("bob.zip"), std::string::npos) << p.detail;

  ExtractLimits tiny;
  tiny.max_total_bytes = 3;
  fs::remove_all(root_ / "scratch");
  fs::create_directories(root_ / "scratch");
  p = prepare_submission({"alice", root_ / "subs" / "alice.zip", true}, root_ / "scratch", labs_,
                         tiny);
  EXPECT_EQ(p.status, "archive-too-large");
}

TEST_F(BatchRunner, DefaultTimeoutGrowsWithLabsJobsAndScale) {
  BatchOptions options;
  options.perf = false;
  EXPECT_EQ(default_timeout(options, 2), 600);
  options.perf = true;
  options.jobs = 2;
  EXPECT_EQ(default_timeout(options, 1), 1500);
  options.time_scale = 2;
  EXPECT_EQ(default_timeout(options, 1), 3000);
}

TEST_F(BatchRunner, ClassResultsAreRebuiltFromTheStudentsFolders) {
  const fs::path out = root_ / "out";
  GradeReport report;
  report.score = 3;
  report.max_score = 3;
  LabResult lab;
  lab.id = "01-spawn";
  lab.score = 3;
  lab.max_score = 3;
  lab.build.ok = true;
  lab.tests.push_back({"model", TestStatus::kPassed, 3, 3, "", 0, "visible"});
  report.labs.push_back(lab);
  write(out / "students" / "alice" / "report.json", to_json(report).dump());
  write(out / "students" / "bob" / "status.json",
        R"({"status": "bad-archive", "detail": "bob.zip is damaged"})");
  write(out / "students" / "carol" / "report.json", "{ truncated");
  std::vector<Submission> students = {
      {"alice", {}, false}, {"bob", {}, true}, {"carol", {}, false}, {"dave", {}, false}};
  std::vector<StudentRecord> records;
  std::string err;
  ASSERT_TRUE(write_class_results(out, students, labs_, &records, &err)) << err;
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0].status, "graded");
  EXPECT_EQ(records[1].status, "bad-archive");
  EXPECT_EQ(records[2].status, "grader-error");
  EXPECT_EQ(records[3].status, "pending") << "never started: the batch was interrupted";
  std::ifstream csv(out / "gradebook.csv");
  std::stringstream text;
  text << csv.rdbuf();
  EXPECT_NE(text.str().find("alice,3,0,3,3,graded,"), std::string::npos) << text.str();
  EXPECT_NE(text.str().find("dave,,,,3,pending,not graded yet"), std::string::npos) << text.str();
  EXPECT_TRUE(fs::exists(out / "summary.json"));
  EXPECT_TRUE(fs::exists(out / "summary.html"));
}

// The batch relies on PerfLock to keep perf checks of parallel children apart:
// a second process must wait until the first lets go.
TEST(PerfLockAcrossProcesses, ASecondGraderWaitsForTheFirst) {
  char pattern[] = "/tmp/ptlabs-perf-lock-test-XXXXXX";
  ASSERT_NE(::mkdtemp(pattern), nullptr);
  const std::string lock_path = std::string(pattern) + "/perf.lock";
  ::setenv("PTLABS_PERF_LOCK", lock_path.c_str(), 1);
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    PerfLock lock;
    (void)!::write(ready[1], "x", 1);
    ptlabs::sleep_ns(400'000'000);
    ::_exit(0);
  }
  char byte;
  ASSERT_EQ(::read(ready[0], &byte, 1), 1);
  const std::uint64_t start = now_ns();
  {
    PerfLock lock;
    EXPECT_GE(now_ns() - start, 300'000'000u) << "the lock was not held across processes";
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  ::unsetenv("PTLABS_PERF_LOCK");
  ::close(ready[0]);
  ::close(ready[1]);
  fs::remove_all(pattern);
}

}  // namespace
}  // namespace ptlabs::grader
