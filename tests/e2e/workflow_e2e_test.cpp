// The student workflow end to end: `grader check`, `hint` and `list` run by the
// real grader in a temporary checkout (labs/labs.toml and lab 01's skeleton), as
// a student runs them in their own checkout.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "e2e_support.hpp"

namespace ptlabs::e2e {
namespace {
namespace fs = std::filesystem;

// A checkout like a student's: the catalogue and the pristine skeleton of lab 01.
class StudentCheckout {
 public:
  explicit StudentCheckout(std::string lab_id = "01-spawn") : lab_id_(std::move(lab_id)) {
    fs::create_directories(root() / "labs");
    fs::copy_file(source_dir() / "labs" / "labs.toml", root() / "labs" / "labs.toml");
    fs::copy(source_dir() / "labs" / lab_id_, lab(), fs::copy_options::recursive);
  }
  fs::path root() const { return dir_.path(); }
  fs::path lab() const { return root() / "labs" / lab_id_; }
  fs::path progress() const { return root() / ".ptlabs" / "progress.json"; }

  // Copies the reference solution's files over the skeleton.
  void solve() const {
    for (const auto& entry : fs::directory_iterator(source_dir() / "solutions" / lab_id_)) {
      fs::copy_file(entry.path(), lab() / entry.path().filename(),
                    fs::copy_options::overwrite_existing);
    }
  }

  // Runs the grader inside the checkout, its output piped (not a terminal).
  grader::Outcome grader(const std::vector<std::string>& args,
                         const std::vector<std::string>& env = {}) const {
    grader::Command command;
    command.argv.push_back(PTLABS_GRADER);
    command.argv.insert(command.argv.end(), args.begin(), args.end());
    command.workdir = root();
    command.env = env;
    command.limits.wall_s = 240;
    command.limits.output_bytes = 1 << 20;
    return grader::run_command(command);
  }

 private:
  std::string lab_id_;
  TempDir dir_;
};

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(Workflow, CheckFailsOnTheSkeletonWithHintOneThenPassesWithTheSolution) {
  StudentCheckout checkout;
  // Without a lab: the first one not passing, lab 01.
  grader::Outcome o = checkout.grader({"check"});
  EXPECT_EQ(o.exit_code, 1) << o.output;
  EXPECT_TRUE(has(o.output, "Checking 01-spawn")) << o.output;
  EXPECT_TRUE(std::regex_search(o.output, std::regex(R"(build with the public tests \.+ OK)")))
      << o.output;
  EXPECT_TRUE(std::regex_search(o.output, std::regex(R"(public tests \.+ FAIL)"))) << o.output;
  EXPECT_TRUE(has(o.output, "not written yet")) << "the failing test's message\n" << o.output;
  EXPECT_TRUE(has(o.output, "graded checks")) << o.output;
  EXPECT_TRUE(has(o.output, "Hint 1 of 5: Start every worker in one loop")) << o.output;
  EXPECT_FALSE(has(o.output, "Hint 2 of 5")) << o.output;
  EXPECT_TRUE(has(o.output, "grader hint 01")) << o.output;
  const nlohmann::json record = read_json(checkout.progress());
  EXPECT_EQ(record["labs"]["01-spawn"]["status"], "failing");
  EXPECT_EQ(record["labs"]["01-spawn"]["hints_revealed"], 1);

  // A second failing check shows the next hint, not the first again.
  o = checkout.grader({"check", "01"});
  EXPECT_EQ(o.exit_code, 1) << o.output;
  EXPECT_TRUE(has(o.output, "Hint 2 of 5: After fork()")) << o.output;
  EXPECT_EQ(read_json(checkout.progress())["labs"]["01-spawn"]["hints_revealed"], 2);

  checkout.solve();
  o = checkout.grader({"check", "01"});
  EXPECT_EQ(o.exit_code, 0) << o.output;
  EXPECT_TRUE(std::regex_search(o.output, std::regex(R"(public tests \.+ OK)"))) << o.output;
  EXPECT_TRUE(
      std::regex_search(o.output, std::regex(R"(process: one child process per job \.+ OK)")))
      << "the hidden suite's graded checks ran\n"
      << o.output;
  EXPECT_TRUE(has(o.output, "Score: 19/19")) << o.output;
  EXPECT_TRUE(has(o.output, "01-spawn passes. Next: grader check 02")) << o.output;
  EXPECT_FALSE(has(o.output, "Hint")) << "no hint when it passes\n" << o.output;
  const nlohmann::json passed = read_json(checkout.progress());
  EXPECT_EQ(passed["labs"]["01-spawn"]["status"], "passing");
  EXPECT_EQ(passed["labs"]["01-spawn"]["score"], 19);
  EXPECT_EQ(passed["labs"]["01-spawn"]["max_score"], 19);

  o = checkout.grader({"list"});
  EXPECT_EQ(o.exit_code, 0) << o.output;
  EXPECT_TRUE(has(o.output, "[#--------] 1/9 labs passing")) << o.output;
  EXPECT_TRUE(std::regex_search(o.output, std::regex(R"(01-spawn +passing +Spawn)"))) << o.output;
  EXPECT_TRUE(std::regex_search(o.output, std::regex(R"(02-sharing +not started +Sharing)")))
      << o.output;
  EXPECT_TRUE(has(o.output, "19 points, 9 checks")) << "today's columns stay\n" << o.output;

  // Rustlings order: with lab 01 passing, a bare check moves on to lab 02.
  o = checkout.grader({"check"});
  EXPECT_EQ(o.exit_code, 2) << o.output;
  EXPECT_TRUE(has(o.output, "no folder labs/02-sharing/")) << o.output;
}

TEST(Workflow, ABrokenBuildFailsTheFirstStepWithTheCompilerMessage) {
  StudentCheckout checkout;
  std::ofstream(checkout.lab() / "thread.cpp") << "this is not C++\n";
  grader::Outcome o = checkout.grader({"check", "01"});
  EXPECT_EQ(o.exit_code, 1) << o.output;
  EXPECT_TRUE(std::regex_search(o.output, std::regex(R"(build with the public tests \.+ FAIL)")))
      << o.output;
  EXPECT_TRUE(has(o.output, "labs/01-spawn/thread.cpp:1:1: error")) << "the student's own path\n"
                                                                    << o.output;
  EXPECT_FALSE(std::regex_search(o.output, std::regex(R"(\n  public tests \.+)")))
      << "tests of a failed build do not run\n"
      << o.output;
}

TEST(Workflow, WarningsOfABuildThatWorkedAreShown) {
  StudentCheckout checkout;
  checkout.solve();
  std::ofstream(checkout.lab() / "thread.cpp", std::ios::app)
      << "\nnamespace { int unused_helper() { int never_read = 1; return 0; } }\n";
  grader::Outcome o = checkout.grader({"check", "01", "--no-perf"});
  EXPECT_TRUE(std::regex_search(o.output, std::regex(R"(build with the public tests \.+ OK)")))
      << o.output;
  EXPECT_TRUE(has(o.output, "labs/01-spawn/thread.cpp")) << o.output;
  EXPECT_TRUE(has(o.output, "never_read")) << "the warning reaches the student\n" << o.output;
}

TEST(Workflow, PerfChecksRunAfterTheGradedChecksUnlessNoPerf) {
  StudentCheckout checkout("04-io-bound");
  checkout.solve();
  const std::string perf_line = "perf: threads beat processes on I/O-bound work";
  grader::Outcome o = checkout.grader({"check", "04", "--no-perf"});
  EXPECT_EQ(o.exit_code, 0) << o.output;
  EXPECT_TRUE(std::regex_search(o.output, std::regex(R"(perf checks \.+ skipped \(--no-perf\))")))
      << o.output;
  EXPECT_FALSE(has(o.output, perf_line)) << o.output;

  o = checkout.grader({"check", "04"});
  EXPECT_TRUE(has(o.output, "Score: 20/20")) << o.output;
  EXPECT_TRUE(has(o.output, perf_line)) << "the perf driver is installed: its check runs\n"
                                        << o.output;
  EXPECT_FALSE(has(o.output, "skipped")) << o.output;
}

TEST(Workflow, WithoutTheHiddenSuiteTheLabPassesOnItsPublicTests) {
  // A grader whose manifest has no hidden suite (as in a student kit): the public
  // tests decide, and the output says the course's grader runs more.
  StudentCheckout checkout;
  checkout.solve();
  nlohmann::json manifest = read_json(fs::path(PTLABS_GRADER).parent_path().parent_path() /
                                      "share/ptlabs/toolchain.json");
  manifest["labs"] = nlohmann::json::object();
  const fs::path public_only = checkout.root() / "toolchain-public-only.json";
  std::ofstream(public_only) << manifest.dump();

  grader::Outcome o =
      checkout.grader({"check", "01"}, {"PTLABS_TOOLCHAIN=" + public_only.string()});
  EXPECT_EQ(o.exit_code, 0) << o.output;
  EXPECT_TRUE(std::regex_search(o.output, std::regex(R"(\n  public tests \.+ OK)"))) << o.output;
  EXPECT_TRUE(std::regex_search(o.output, std::regex(R"(graded checks \.+ not installed)")))
      << o.output;
  EXPECT_TRUE(has(o.output, "the course's grader runs more")) << o.output;
  EXPECT_FALSE(has(o.output, "Score:")) << o.output;
  EXPECT_EQ(read_json(checkout.progress())["labs"]["01-spawn"]["status"], "passing");
}

TEST(Workflow, HintRevealsOneMoreEachTimeUntilThereAreNoMore) {
  StudentCheckout checkout;
  for (int n = 1; n <= 5; ++n) {
    grader::Outcome o = checkout.grader({"hint", "01"});
    EXPECT_EQ(o.exit_code, 0) << o.output;
    const std::string latest = "Hint " + std::to_string(n) + " of 5:";
    EXPECT_TRUE(has(o.output, latest)) << o.output;
    EXPECT_TRUE(has(o.output, "Hint 1 of 5:")) << "every revealed hint is shown\n" << o.output;
    EXPECT_FALSE(has(o.output, "Hint " + std::to_string(n + 1) + " of 5:")) << o.output;
    EXPECT_EQ(has(o.output, "No more hints"), n == 5) << o.output;
  }
  grader::Outcome o = checkout.grader({"hint", "01"});
  EXPECT_EQ(o.exit_code, 0) << o.output;
  EXPECT_TRUE(has(o.output, "No more hints")) << o.output;
  EXPECT_TRUE(has(o.output, "labs/01-spawn/README.md")) << "points to the folded hints\n"
                                                        << o.output;
  EXPECT_EQ(read_json(checkout.progress())["labs"]["01-spawn"]["hints_revealed"], 5);

  o = checkout.grader({"hint", "01", "--reset"});
  EXPECT_EQ(o.exit_code, 0) << o.output;
  o = checkout.grader({"hint", "spawn"});
  EXPECT_EQ(o.exit_code, 2) << "an unknown lab is bad input\n" << o.output;
  o = checkout.grader({"hint", "01-spawn"});
  EXPECT_TRUE(has(o.output, "Hint 1 of 5:")) << o.output;
  EXPECT_FALSE(has(o.output, "Hint 2 of 5:")) << "--reset hid them again\n" << o.output;
}

TEST(Workflow, ACorruptProgressFileIsNamedWithTheFixAndKept) {
  StudentCheckout checkout;
  fs::create_directories(checkout.progress().parent_path());
  const std::string garbage = "{\"labs\": {\"01-spawn\": ";
  std::ofstream(checkout.progress()) << garbage;
  const std::string fix = "delete it (rm " + checkout.progress().string() + ")";

  grader::Outcome o = checkout.grader({"list"});
  EXPECT_EQ(o.exit_code, 0) << "list still lists\n" << o.output;
  EXPECT_TRUE(has(o.output, fix)) << o.output;
  EXPECT_TRUE(has(o.output, "0/9 labs passing")) << o.output;

  o = checkout.grader({"hint", "01"});
  EXPECT_EQ(o.exit_code, 2) << "hints cannot be counted without the record\n" << o.output;
  EXPECT_TRUE(has(o.output, fix)) << o.output;

  o = checkout.grader({"check", "01"});
  EXPECT_EQ(o.exit_code, 1) << "the check still runs\n" << o.output;
  EXPECT_TRUE(has(o.output, fix)) << o.output;
  EXPECT_EQ(read_text(checkout.progress()), garbage) << "the corrupt file is never overwritten";
}

TEST(Workflow, PipedAndNoColorOutputHasNoEscapeCodes) {
  StudentCheckout checkout;
  const std::regex colour("\x1b\\[[0-9;]*m");
  // Piped: no escape code of any kind, with or without NO_COLOR.
  for (const auto& env : {std::vector<std::string>{}, std::vector<std::string>{"NO_COLOR=1"}}) {
    for (const auto& args : {std::vector<std::string>{"check", "01"},
                             std::vector<std::string>{"list"}, std::vector<std::string>{"hint"}}) {
      grader::Outcome o = checkout.grader(args, env);
      EXPECT_FALSE(has(o.output, "\x1b")) << args[0] << " " << env.size() << "\n" << o.output;
    }
  }
  // On a terminal (script(1) gives it one): colours, unless NO_COLOR is set.
  const std::string list = std::string(PTLABS_GRADER) + " list";
  grader::Command command;
  command.argv = {"script", "-qec", list, "/dev/null"};
  command.workdir = checkout.root();
  command.limits.wall_s = 60;
  const grader::Outcome on_tty = grader::run_command(command);
  ASSERT_EQ(on_tty.exit_code, 0) << on_tty.output;
  EXPECT_TRUE(std::regex_search(on_tty.output, colour)) << "a terminal gets colours\n"
                                                        << on_tty.output;
  command.env = {"NO_COLOR=1"};
  grader::Outcome no_color = grader::run_command(command);
  ASSERT_EQ(no_color.exit_code, 0) << no_color.output;
  EXPECT_TRUE(has(no_color.output, "labs passing")) << no_color.output;
  EXPECT_FALSE(std::regex_search(no_color.output, colour)) << no_color.output;
}

}  // namespace
}  // namespace ptlabs::e2e
