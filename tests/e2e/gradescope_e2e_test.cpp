// The Gradescope autograder end to end: the package holds no answer; unpacked
// into a simulated /autograder (a private mount namespace, as root), setup.sh
// builds it and run_autograder grades a flat submission into results.json; and
// lab 03's reference on one core gets full marks with its perf checks shown as
// inconclusive 0-point tests.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <set>
#include <sstream>

#include "e2e_support.hpp"

namespace ptlabs::e2e {
namespace {
namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

grader::Outcome run_command_line(const std::vector<std::string>& argv, double wall_s,
                                 std::vector<std::string> env = {}) {
  grader::Command command;
  command.argv = argv;
  command.workdir = source_dir();
  command.limits.wall_s = wall_s;
  command.limits.output_bytes = 1 << 20;
  env.push_back("NO_COLOR=1");
  command.env = env;
  return grader::run_command(command);
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(GradescopePackage, HoldsTheGraderAndOneLabsHiddenSuiteButNoAnswer) {
  TempDir tmp;
  const fs::path zip = tmp.path() / "autograder.zip";
  auto packaged = run_grader({"gradescope", "package", "-o", zip.string(), "--lab", "01"});
  ASSERT_EQ(packaged.exit_code, 0) << packaged.output;
  EXPECT_NE(packaged.output.find("labs: 01-spawn"), std::string::npos) << packaged.output;

  auto listed = run_command_line({"unzip", "-Z1", zip.string()}, 60);
  ASSERT_EQ(listed.exit_code, 0) << listed.output;
  const auto names = lines(listed.output);
  const std::set<std::string> entries(names.begin(), names.end());
  for (const char* needed :
       {"setup.sh", "run_autograder", "run.sh", "CMakeLists.txt", "grader/src/main.cpp",
        "grader/hidden/01-spawn/hidden_test.cpp", "labs/labs.toml", "labs/01-spawn/task.hpp"}) {
    EXPECT_EQ(entries.count(needed), 1u) << needed << " at the root of the zip";
  }
  for (const auto& name : names) {
    EXPECT_FALSE(name.starts_with("solutions/")) << name;
    EXPECT_FALSE(name.starts_with("tests/")) << name;
    EXPECT_FALSE(name.starts_with("grader/hidden/0") && !name.starts_with("grader/hidden/01-spawn"))
        << "another lab's hidden suite: " << name;
  }

  // No file of the zip has a reference solution's content.
  const fs::path unpacked = tmp.path() / "unpacked";
  auto unzipped = run_command_line({"unzip", "-q", zip.string(), "-d", unpacked.string()}, 60);
  ASSERT_EQ(unzipped.exit_code, 0) << unzipped.output;
  std::set<std::string> solutions;
  for (const auto& entry : fs::recursive_directory_iterator(source_dir() / "solutions")) {
    if (entry.is_regular_file()) solutions.insert(read_file(entry.path()));
  }
  for (const auto& entry : fs::recursive_directory_iterator(unpacked)) {
    if (entry.is_regular_file()) {
      EXPECT_EQ(solutions.count(read_file(entry.path())), 0u) << entry.path();
    }
  }
  for (const char* script : {"setup.sh", "run_autograder"}) {
    EXPECT_NE(fs::status(unpacked / script).permissions() & fs::perms::owner_exec, fs::perms::none)
        << script;
  }
  EXPECT_NE(read_file(unpacked / "run_autograder").find("LABS=(01-spawn)"), std::string::npos);
}

TEST(GradescopePackage, BadUsageIsExplained) {
  auto no_output = run_grader({"gradescope", "package"});
  EXPECT_EQ(no_output.exit_code, 2) << no_output.output;
  EXPECT_NE(no_output.output.find("-o autograder.zip"), std::string::npos) << no_output.output;
  TempDir tmp;
  auto bad_lab =
      run_grader({"gradescope", "package", "-o", (tmp.path() / "a.zip").string(), "--lab", "99"});
  EXPECT_EQ(bad_lab.exit_code, 2) << bad_lab.output;
  EXPECT_FALSE(fs::exists(tmp.path() / "a.zip"));
  auto bad_action = run_grader({"gradescope", "upload"});
  EXPECT_EQ(bad_action.exit_code, 2) << bad_action.output;
  auto help = run_grader({"gradescope", "package", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.output.find("inconclusive"), std::string::npos) << "the scoring policy";
}

// Runs setup.sh and run_autograder as Gradescope does, with /autograder private
// to a mount namespace of this test, and returns the folder the results were copied to.
TEST(GradescopePackage, SimulatedAutograderGradesAFlatSubmission) {
  if (::geteuid() != 0) {
    GTEST_SKIP() << "needs root for a private mount on /autograder (unshare --mount); "
                    "run the gradescope tests as root to cover setup.sh and run_autograder";
  }
  TempDir tmp;
  const fs::path zip = tmp.path() / "autograder.zip";
  auto packaged = run_grader({"gradescope", "package", "-o", zip.string(), "--lab", "01-spawn"});
  ASSERT_EQ(packaged.exit_code, 0) << packaged.output;

  const fs::path out = tmp.path() / "out";
  fs::create_directories(out);
  bool made_mount_point = false;
  if (!fs::exists("/autograder")) {
    fs::create_directory("/autograder");
    made_mount_point = true;
  }
  const std::string script =
      "set -e\n"
      "mount -t tmpfs -o size=4g tmpfs /autograder\n"
      "mkdir -p /autograder/source /autograder/submission /autograder/results\n"
      "cd /autograder/source && unzip -q \"$ZIP\"\n"
      // The instructor hides one check until the due date, in the package's catalogue.
      "sed -i '/name = \"process: one child process per job\"/a\\  visibility = "
      "\"after_due_date\"' labs/labs.toml\n"
      "grep -q after_due_date labs/labs.toml\n"
      "bash /autograder/source/setup.sh >\"$OUT/setup.log\" 2>&1\n"
      "cp \"$REFERENCE\"/*.cpp /autograder/submission/\n"
      "cp /autograder/source/run_autograder /autograder/run_autograder\n"
      "cd /autograder && ./run_autograder >\"$OUT/run.log\" 2>&1\n"
      "cp /autograder/results/results.json /autograder/source/build/share/ptlabs/toolchain.json "
      "\"$OUT/\"\n"
      // A submission with no lab in it still gets a results.json, with the reason.
      "rm -f /autograder/submission/* && echo notes >/autograder/submission/notes.txt\n"
      "cd /autograder && ./run_autograder >\"$OUT/run-empty.log\" 2>&1\n"
      "cp /autograder/results/results.json \"$OUT/results-empty.json\"\n";
  // Debug compiles faster; ccache, where installed, makes a second run cheap (the
  // paths under /autograder are the same every time).
  std::vector<std::string> env = {"ZIP=" + zip.string(), "OUT=" + out.string(),
                                  "REFERENCE=" + (source_dir() / "solutions/01-spawn").string(),
                                  "CMAKE_BUILD_TYPE=Debug"};
  if (::access("/usr/bin/ccache", X_OK) == 0) env.push_back("CMAKE_CXX_COMPILER_LAUNCHER=ccache");
  auto ran = run_command_line(
      {"unshare", "--mount", "--propagation", "private", "bash", "-c", script}, 1200, env);
  if (made_mount_point) fs::remove("/autograder");
  ASSERT_EQ(ran.exit_code, 0) << ran.output << "\nsetup.sh:\n"
                              << read_file(out / "setup.log") << "\nrun_autograder:\n"
                              << read_file(out / "run.log");

  // setup.sh built the one packaged lab's hidden suite and no other.
  auto toolchain = read_json(out / "toolchain.json");
  ASSERT_TRUE(toolchain.contains("labs"));
  EXPECT_EQ(toolchain["labs"].size(), 1u) << toolchain["labs"].dump();
  EXPECT_TRUE(toolchain["labs"].contains("01-spawn"));

  auto results = read_json(out / "results.json");
  EXPECT_EQ(results["score"], 19) << results.dump(2);
  EXPECT_TRUE(results["execution_time"].is_number());
  EXPECT_EQ(results["output_format"], "md");
  EXPECT_EQ(results["test_output_format"], "md");
  ASSERT_EQ(results["tests"].size(), 9u) << results.dump(2);
  double points = 0;
  for (const auto& test : results["tests"]) {
    for (const char* key : {"name", "score", "max_score", "status", "visibility", "output"}) {
      EXPECT_TRUE(test.contains(key)) << key << " in " << test.dump();
    }
    EXPECT_EQ(test["status"], "passed") << test.dump();
    const bool hidden = test["name"] == "01-spawn / process: one child process per job";
    EXPECT_EQ(test["visibility"], hidden ? "after_due_date" : "visible")
        << "the catalogue's visibility, visible by default: " << test.dump();
    EXPECT_EQ(test["name"].get<std::string>().rfind("01-spawn / ", 0), 0u);
    points += test["max_score"].get<double>();
  }
  EXPECT_EQ(points, 19);

  auto empty = read_json(out / "results-empty.json");
  EXPECT_EQ(empty["score"], 0) << empty.dump(2);
  ASSERT_EQ(empty["tests"].size(), 1u) << empty.dump(2);
  EXPECT_EQ(empty["tests"][0]["status"], "failed");
  EXPECT_NE(empty["output"].get<std::string>().find("process.cpp and thread.cpp"),
            std::string::npos)
      << "says what to upload: " << empty.dump(2);
}

// Gradescope's default half a CPU, imitated with one CPU of affinity: the lab 03
// reference keeps full marks and its CPU-bound perf checks say why they are inconclusive.
TEST(GradescopeScoring, OneCoreIsInconclusiveAndCostsNothing) {
  TempDir tmp;
  const fs::path results = tmp.path() / "results.json";
  grader::Command command;
  command.argv = {"taskset", "-c", "0",        PTLABS_GRADER, "grade", "--submission",  "solutions",
                  "--lab",   "03", "--format", "gradescope",  "-o",    results.string()};
  command.workdir = source_dir();
  command.limits.wall_s = 900;
  command.limits.output_bytes = 1 << 20;
  command.env = {"NO_COLOR=1"};
  auto graded = grader::run_command(command);
  EXPECT_EQ(graded.exit_code, 0) << graded.output;
  auto json = read_json(results);
  double max_score = 0;
  int inconclusive = 0;
  for (const auto& test : json["tests"]) {
    max_score += test["max_score"].get<double>();
    const std::string name = test["name"];
    if (name.find("/ perf: ") == std::string::npos) continue;
    EXPECT_EQ(test["max_score"], 0) << name;
    EXPECT_EQ(test["status"], "passed") << name << ": " << test.dump();
    const std::string output = test["output"];
    if (output.rfind("inconclusive: ", 0) == 0) {
      ++inconclusive;
      EXPECT_NE(output.find("No points are lost"), std::string::npos) << output;
      EXPECT_NE(output.find("core"), std::string::npos) << "says why: " << output;
    }
  }
  EXPECT_GT(max_score, 0);
  EXPECT_EQ(json["score"].get<double>(), max_score) << "full score on one core";
  EXPECT_GE(inconclusive, 1) << json.dump(2);
}

}  // namespace
}  // namespace ptlabs::e2e
