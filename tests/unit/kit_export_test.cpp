#include "kit_export.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>

#include "gradescope_package.hpp"

namespace ptlabs::grader {
namespace {
namespace fs = std::filesystem;

struct Rule {
  const char* path;
  bool in_kit;
};

TEST(StudentKit, TakesWhatStudentsNeedAndNoAnswer) {
  const Rule cases[] = {
      {"labs/labs.toml", true},
      {"labs/01-spawn/process.cpp", true},
      {"labs/01-spawn/tests/public_test.cpp", true},
      {"labs/common/src/kernel.cpp", true},
      {"docs/index.md", true},
      {"grader/src/main.cpp", true},
      {"grader/CMakeLists.txt", true},
      {"grader/templates/classroom/classroom.yml", true},
      {"grader/hidden/support/test_main.cpp", true},
      {"cmake/Labs.cmake", true},
      {"tools/check-format.sh", true},
      {"CMakeLists.txt", true},
      {"run.sh", true},
      {"README.md", true},
      {".clang-format", true},
      {".gitignore", true},
      {"solutions/01-spawn/process.cpp", false},
      {"grader/hidden/01-spawn/hidden_test.cpp", false},
      {"grader/hidden/03-cpu-bound/perf_driver.cpp", false},
      {"tests/submissions/01-spawn/sequential/process.cpp", false},
      {"tests/unit/catalog_test.cpp", false},
      {"tests/CMakeLists.txt", false},
      {"bench/bench.py", false},
      {"build/bin/grader", false},
      {"build-kit/CMakeCache.txt", false},
      {".git/config", false},
      {"reports/demo-report.json", false},
      {"labs/../solutions/01-spawn/process.cpp", false},
      {"grader/CMakeLists.txt.orig", false},
      {"README.md/x", false},
  };
  for (const auto& c : cases) EXPECT_EQ(in_student_kit(c.path), c.in_kit) << c.path;
}

TEST(GradescopePackage, AddsOnlyThePackagedLabsHiddenFolders) {
  const std::vector<std::string> labs = {"01-spawn"};
  EXPECT_TRUE(in_gradescope_package("grader/hidden/01-spawn/hidden_test.cpp", labs));
  EXPECT_TRUE(in_gradescope_package("labs/03-cpu-bound/task.hpp", labs)) << "the kit's files";
  EXPECT_FALSE(in_gradescope_package("grader/hidden/03-cpu-bound/hidden_test.cpp", labs));
  EXPECT_FALSE(in_gradescope_package("grader/hidden/01-spawnx/hidden_test.cpp", labs));
  EXPECT_FALSE(in_gradescope_package("grader/hidden/01-spawn/../02-sharing/hidden_test.cpp", labs));
  EXPECT_FALSE(in_gradescope_package("solutions/01-spawn/process.cpp", labs));
  EXPECT_FALSE(in_gradescope_package("tests/submissions/01-spawn/x/process.cpp", labs));
}

TEST(GradescopePackage, TemplateNamesEveryLab) {
  EXPECT_EQ(fill_gradescope_template("LABS=(@LABS@) # @LABS@", {"01-spawn", "03-cpu-bound"}),
            "LABS=(01-spawn 03-cpu-bound) # 01-spawn 03-cpu-bound");
  EXPECT_EQ(fill_gradescope_template("no marker", {"01-spawn"}), "no marker");
}

TEST(DescribeLeftOut, CountsFilesByFolder) {
  EXPECT_EQ(describe_left_out({"solutions/01-spawn/process.cpp", "solutions/01-spawn/thread.cpp",
                               "grader/hidden/01-spawn/hidden_test.cpp", "bench/bench.py"}),
            "bench/ (1 file), grader/hidden/ (1 file), solutions/ (2 files)");
}

class FakeProject : public testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/ptlabs-kit-test-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    root_ = pattern;
    project_ = root_ / "project";
    write("labs/labs.toml", "schema = 1\n");
    write("labs/01-spawn/process.cpp", "// TODO\n");
    write("solutions/01-spawn/process.cpp", "// the answer\n");
    write("grader/hidden/01-spawn/hidden_test.cpp", "// hidden\n");
    write("grader/hidden/02-sharing/hidden_test.cpp", "// hidden 2\n");
    write("grader/templates/gradescope/setup.sh", "echo @LABS@\n");
    write("grader/templates/gradescope/run_autograder", "LABS=(@LABS@)\n");
    write("run.sh", "#!/bin/sh\n");
    fs::permissions(project_ / "run.sh", fs::perms::owner_exec, fs::perm_options::add);
    write("build-x/CMakeCache.txt", "");
    write("build-x/labs/labs.toml", "a build folder's copy\n");
    fs::create_symlink("/etc/passwd", project_ / "labs" / "passwd");
  }
  void TearDown() override { fs::remove_all(root_); }
  void write(const std::string& name, const std::string& text) {
    fs::create_directories((project_ / name).parent_path());
    std::ofstream(project_ / name) << text;
  }
  fs::path root_;
  fs::path project_;
};

TEST_F(FakeProject, WalkSkipsBuildFoldersAndSymbolicLinks) {
  std::vector<std::string> files;
  std::string err;
  ASSERT_TRUE(list_project_files(project_, &files, &err)) << err;
  const std::vector<std::string> expected = {"grader/hidden/01-spawn/hidden_test.cpp",
                                             "grader/hidden/02-sharing/hidden_test.cpp",
                                             "grader/templates/gradescope/run_autograder",
                                             "grader/templates/gradescope/setup.sh",
                                             "labs/01-spawn/process.cpp",
                                             "labs/labs.toml",
                                             "run.sh",
                                             "solutions/01-spawn/process.cpp"};
  EXPECT_EQ(files, expected);
}

TEST_F(FakeProject, CopyKeepsTheExecutableBit) {
  CopySummary summary;
  std::string err;
  ASSERT_TRUE(copy_files(project_, {"run.sh", "labs/labs.toml"}, root_ / "out", &summary, &err))
      << err;
  EXPECT_EQ(summary.files, 2);
  EXPECT_NE(fs::status(root_ / "out" / "run.sh").permissions() & fs::perms::owner_exec,
            fs::perms::none);
  EXPECT_TRUE(fs::exists(root_ / "out" / "labs" / "labs.toml"));
}

TEST_F(FakeProject, DestinationMustBeNewOrEmpty) {
  std::string err;
  EXPECT_TRUE(check_empty_destination(root_ / "new", &err));
  fs::create_directories(root_ / "empty");
  EXPECT_TRUE(check_empty_destination(root_ / "empty", &err));
  EXPECT_FALSE(check_empty_destination(project_, &err));
  EXPECT_NE(err.find("not empty"), std::string::npos) << err;
  EXPECT_FALSE(check_empty_destination(project_ / "run.sh", &err));
  EXPECT_NE(err.find("not a folder"), std::string::npos) << err;
}

TEST_F(FakeProject, GradescopeStageHasScriptsAtTheTopAndNoAnswer) {
  CopySummary summary;
  std::string err;
  const fs::path stage = root_ / "stage";
  ASSERT_TRUE(stage_gradescope_package(project_, {"01-spawn"}, stage, &summary, &err)) << err;
  EXPECT_TRUE(fs::exists(stage / "grader/hidden/01-spawn/hidden_test.cpp"));
  EXPECT_FALSE(fs::exists(stage / "grader/hidden/02-sharing")) << "only the packaged lab";
  EXPECT_FALSE(fs::exists(stage / "solutions"));
  EXPECT_FALSE(fs::exists(stage / "build-x"));
  std::ifstream in(stage / "run_autograder");
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "LABS=(01-spawn)");
  for (const char* script : {"setup.sh", "run_autograder"}) {
    EXPECT_NE(fs::status(stage / script).permissions() & fs::perms::owner_exec, fs::perms::none)
        << script;
  }
}

}  // namespace
}  // namespace ptlabs::grader
