// The student kit end to end: `grader export --student-kit` on this checkout,
// no answer in the copy (by path and by content), and the copy builds from
// scratch and grades lab 01 on its public tests. Also the GitHub Classroom
// workflow template the kit carries: valid YAML naming real grader options.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "e2e_support.hpp"
#include "kit_export.hpp"

namespace ptlabs::e2e {
namespace {
namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

grader::Outcome run_in(const fs::path& dir, const std::vector<std::string>& argv, double wall_s,
                       std::vector<std::string> env = {}) {
  grader::Command command;
  command.argv = argv;
  command.workdir = dir;
  command.limits.wall_s = wall_s;
  command.limits.output_bytes = 1 << 20;
  env.push_back("NO_COLOR=1");
  command.env = env;
  return grader::run_command(command);
}

// Every regular file under `root`, relative.
std::vector<std::string> files_under(const fs::path& root) {
  std::vector<std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) out.push_back(entry.path().lexically_relative(root).string());
  }
  return out;
}

// The contents of the files a student must never get: every file of solutions/
// and every hidden suite.
std::set<std::string> secret_contents() {
  std::set<std::string> secrets;
  for (const auto& name : files_under(source_dir() / "solutions")) {
    secrets.insert(read_file(source_dir() / "solutions" / name));
  }
  for (const auto& entry : fs::directory_iterator(source_dir() / "grader" / "hidden")) {
    const fs::path suite = entry.path() / "hidden_test.cpp";
    if (fs::exists(suite)) secrets.insert(read_file(suite));
  }
  return secrets;
}

void expect_no_answer(const fs::path& kit) {
  const std::set<std::string> secrets = secret_contents();
  ASSERT_GE(secrets.size(), 10u) << "the checkout's solutions and hidden suites were read";
  int files = 0;
  for (const auto& name : files_under(kit)) {
    ++files;
    EXPECT_FALSE(name.starts_with("solutions/")) << name;
    EXPECT_FALSE(name.starts_with("tests/")) << name;
    EXPECT_FALSE(name.starts_with("bench/")) << name;
    EXPECT_EQ(name.find("submissions/"), std::string::npos) << name;
    EXPECT_NE(fs::path(name).filename(), "hidden_test.cpp") << name;
    EXPECT_NE(fs::path(name).filename(), "perf_driver.cpp") << name;
    EXPECT_EQ(secrets.count(read_file(kit / name)), 0u)
        << name << " has the same content as a reference solution or a hidden suite";
  }
  EXPECT_GT(files, 50);
}

TEST(StudentKit, HoldsNoAnswerThenBuildsAndGradesThePublicTests) {
  TempDir tmp;
  const fs::path kit = tmp.path() / "kit";
  auto exported = run_grader({"export", "--student-kit", kit.string()});
  ASSERT_EQ(exported.exit_code, 0) << exported.output;
  EXPECT_NE(exported.output.find("left out: "), std::string::npos) << exported.output;
  EXPECT_NE(exported.output.find("solutions/"), std::string::npos) << exported.output;

  for (const char* needed :
       {"labs/labs.toml", "labs/01-spawn/README.md", "labs/01-spawn/task.hpp",
        "labs/01-spawn/process.cpp", "labs/01-spawn/thread.cpp",
        "labs/01-spawn/tests/public_test.cpp", "grader/src/main.cpp", "grader/CMakeLists.txt",
        "grader/hidden/support/test_main.cpp", "cmake/Labs.cmake", "CMakeLists.txt", "run.sh",
        "README.md", ".clang-format", ".gitignore", ".github/workflows/classroom.yml"}) {
    EXPECT_TRUE(fs::exists(kit / needed)) << needed;
  }
  EXPECT_NE(fs::status(kit / "run.sh").permissions() & fs::perms::owner_exec, fs::perms::none);
  EXPECT_EQ(read_file(kit / ".github/workflows/classroom.yml"),
            read_file(source_dir() / std::string(grader::kClassroomTemplate)));
  // The students' README, not the instructors' (which names solutions/, tests/ and demo).
  EXPECT_EQ(read_file(kit / "README.md"),
            read_file(source_dir() / std::string(grader::kKitReadmeTemplate)));
  expect_no_answer(kit);
  if (HasFailure()) return;

  // A fresh configure and build of the kit: the grader and one lab only. Debug
  // compiles faster; ccache, where installed, makes a second run cheap.
  const fs::path build = tmp.path() / "build";
  std::vector<std::string> configure = {"cmake",
                                        "-S",
                                        kit.string(),
                                        "-B",
                                        build.string(),
                                        "-G",
                                        "Ninja",
                                        "-DPython3_EXECUTABLE=/usr/bin/python3",
                                        "-DCMAKE_BUILD_TYPE=Debug"};
  std::vector<std::string> env;
  if (::access("/usr/bin/ccache", X_OK) == 0) {
    configure.push_back("-DCMAKE_CXX_COMPILER_LAUNCHER=ccache");
    env = {"CCACHE_BASEDIR=" + tmp.path().string(), "CCACHE_NOHASHDIR=1"};
  }
  auto configured = run_in(tmp.path(), configure, 300, env);
  ASSERT_EQ(configured.exit_code, 0) << configured.output;
  auto built = run_in(tmp.path(),
                      {"cmake", "--build", build.string(), "--target", "grader", "lab01_student"},
                      1200, env);
  ASSERT_EQ(built.exit_code, 0) << built.output.substr(
      built.output.size() > 8000 ? built.output.size() - 8000 : 0);
  const std::string grader = (build / "bin" / "grader").string();

  // The skeleton fails its public tests, labelled public-only (exit 1).
  const fs::path skeleton_report = tmp.path() / "skeleton.json";
  auto skeleton = run_in(kit,
                         {grader, "grade", "--lab", "01", "--no-perf", "--format", "json", "-o",
                          skeleton_report.string()},
                         600);
  EXPECT_EQ(skeleton.exit_code, 1) << skeleton.output;
  EXPECT_NE(skeleton.output.find("public tests only"), std::string::npos) << skeleton.output;
  auto report = read_json(skeleton_report);
  ASSERT_EQ(report["labs"].size(), 1u) << report.dump();
  const auto& lab = report["labs"][0];
  EXPECT_EQ(lab["public_only"], true);
  EXPECT_EQ(lab["build"]["ok"], true) << lab["build"]["log"];
  EXPECT_LT(lab["score"].get<double>(), lab["max_score"].get<double>());
  ASSERT_FALSE(lab["tests"].empty());
  for (const auto& test : lab["tests"]) {
    EXPECT_EQ(test["name"].get<std::string>().rfind("public: ", 0), 0u) << test.dump();
  }
  EXPECT_TRUE(lab["perf"].empty()) << "no perf driver in the kit";

  // The reference passes them (exit 0): the public-only grade is a real grade.
  const fs::path overlay = tmp.path() / "no-changes";
  fs::create_directories(overlay);
  const fs::path reference = assemble_submission(tmp.path() / "reference", "01-spawn", overlay);
  const fs::path reference_report = tmp.path() / "reference.json";
  auto passed = run_in(kit,
                       {grader, "grade", "--submission", reference.string(), "--lab", "01",
                        "--no-perf", "--format", "json", "-o", reference_report.string()},
                       600);
  EXPECT_EQ(passed.exit_code, 0) << passed.output;
  auto ref = read_json(reference_report);
  EXPECT_GT(ref["max_score"].get<double>(), 0);
  EXPECT_EQ(ref["score"], ref["max_score"]) << ref.dump(2);

  // `grader check`, where this grader has it, works in the kit too.
  auto help = run_in(kit, {grader, "--help"}, 30);
  if (help.output.find("\n  check ") != std::string::npos) {
    auto check = run_in(kit, {grader, "check", "01", "--no-perf"}, 600);
    EXPECT_EQ(check.exit_code, 1) << check.output;
  }
}

TEST(StudentKit, RefusesAFolderThatIsNotEmpty) {
  TempDir tmp;
  std::ofstream(tmp.path() / "notes.txt") << "mine\n";
  auto refused = run_grader({"export", "--student-kit", tmp.path().string()});
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  EXPECT_NE(refused.output.find("not empty"), std::string::npos) << refused.output;
  EXPECT_TRUE(fs::exists(tmp.path() / "notes.txt"));
  auto missing = run_grader({"export"});
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
  EXPECT_NE(missing.output.find("--student-kit DIR"), std::string::npos) << missing.output;
}

// The Classroom template as JSON, through Python's YAML parser (python3-yaml).
nlohmann::json classroom_template() {
  const fs::path yml = source_dir() / std::string(grader::kClassroomTemplate);
  auto parsed =
      run_in(source_dir(),
             {"/usr/bin/python3", "-c",
              "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))",
              yml.string()},
             60);
  if (parsed.exit_code != 0) {
    ADD_FAILURE() << "not valid YAML (or python3-yaml is missing: ./run.sh test installs it): "
                  << parsed.output;
    return nlohmann::json::object();
  }
  return nlohmann::json::parse(parsed.output);
}

TEST(ClassroomTemplate, ValidYamlThatReportsTheWayTheReporterReads) {
  const auto workflow = classroom_template();
  ASSERT_TRUE(workflow.contains("jobs")) << workflow.dump();
  const auto& job = workflow["jobs"].begin().value();
  const auto& steps = job.at("steps");
  ASSERT_TRUE(steps.is_array());

  const nlohmann::json* grade = nullptr;
  const nlohmann::json* reporter = nullptr;
  std::string scripts;
  for (const auto& step : steps) {
    if (step.value("id", "") == "ptlabs") grade = &step;
    if (step.value("uses", "").starts_with("classroom-resources/autograding-grading-reporter@")) {
      reporter = &step;
    }
    scripts += step.value("run", "") + "\n";
  }
  ASSERT_NE(grade, nullptr) << "a step with id ptlabs runs the grader";
  ASSERT_NE(reporter, nullptr);
  // The reporter reads env <RUNNER>_RESULTS for each runner: base64 JSON from the step's output.
  EXPECT_EQ(reporter->at("with").at("runners"), "ptlabs");
  EXPECT_NE(reporter->at("env")
                .at("PTLABS_RESULTS")
                .get<std::string>()
                .find("steps.ptlabs.outputs.result"),
            std::string::npos);
  const std::string run = grade->at("run");
  EXPECT_NE(run.find("--format classroom"), std::string::npos) << run;
  EXPECT_NE(run.find("result=$(base64 -w0"), std::string::npos) << run;
  EXPECT_NE(run.find("$GITHUB_OUTPUT"), std::string::npos) << run;
  EXPECT_NE(run.find("--also junit="), std::string::npos) << run;
  EXPECT_NE(run.find("--also markdown="), std::string::npos) << run;
  EXPECT_NE(run.find("$GITHUB_STEP_SUMMARY"), std::string::npos) << run;

  // Every `grader <command> ... --option` the scripts use is an option that command has.
  const std::regex invocation(R"(bin/grader\s+(\w+)((?:\\\n|[^\n])*))");
  const std::regex option(R"((--[a-z][a-z-]*))");
  int checked = 0;
  for (std::sregex_iterator it(scripts.begin(), scripts.end(), invocation), end; it != end; ++it) {
    const std::string command = (*it)[1];
    const std::string rest = (*it)[2];
    auto help = run_grader({command, "--help"});
    ASSERT_EQ(help.exit_code, 0) << "grader " << command << " --help: " << help.output;
    for (std::sregex_iterator o(rest.begin(), rest.end(), option); o != end; ++o) {
      EXPECT_NE(help.output.find((*o)[1].str()), std::string::npos)
          << "grader " << command << " has no option " << (*o)[1];
      ++checked;
    }
  }
  EXPECT_GE(checked, 5) << scripts;
  // ./run.sh deps, which the build step runs, is a command of run.sh.
  EXPECT_NE(scripts.find("./run.sh deps"), std::string::npos);
  EXPECT_NE(read_file(source_dir() / "run.sh").find("\n  deps)\n"), std::string::npos);
}

TEST(ClassroomTemplate, GradeWritesClassroomJunitAndMarkdownInOneRun) {
  TempDir tmp;
  const fs::path overlay = tmp.path() / "no-changes";
  fs::create_directories(overlay);
  const fs::path submission = assemble_submission(tmp.path() / "sub", "01-spawn", overlay);
  const fs::path classroom = tmp.path() / "classroom.json";
  auto graded = run_grader({"grade", "--submission", submission.string(), "--lab", "01",
                            "--no-perf", "--format", "classroom", "-o", classroom.string(),
                            "--also", "junit=" + (tmp.path() / "junit.xml").string(), "--also",
                            "markdown=" + (tmp.path() / "summary.md").string()});
  EXPECT_EQ(graded.exit_code, 0) << graded.output;
  auto json = read_json(classroom);
  EXPECT_EQ(json["version"], 1);
  EXPECT_EQ(json["status"], "pass");
  double points = 0;
  for (const auto& test : json["tests"]) points += test["score"].get<double>();
  EXPECT_GT(json["max_score"].get<double>(), 0);
  EXPECT_EQ(points, json["max_score"].get<double>()) << json.dump(2);
  EXPECT_NE(read_file(tmp.path() / "junit.xml").find("<testsuite name=\"01-spawn\""),
            std::string::npos);
  EXPECT_EQ(read_file(tmp.path() / "summary.md").rfind("## ptlabs: ", 0), 0u);

  auto bad = run_grader({"grade", "--lab", "01", "--also", "yaml=x"});
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("FORMAT=FILE"), std::string::npos) << bad.output;
}

}  // namespace
}  // namespace ptlabs::e2e
