// The symbol policy end to end (grader/src/symbol_policy.hpp): the real grader
// refuses the submissions of tests/submissions/hostile/ that define main or a
// library's name, at build time, with the symbol named; and every reference
// solution and every lab skeleton passes the policy.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cctype>

#include "build.hpp"
#include "catalog.hpp"
#include "e2e_support.hpp"
#include "submission.hpp"
#include "toolchain.hpp"

namespace ptlabs::e2e {
namespace {
namespace fs = std::filesystem;

const std::string kLab = "01-spawn";

grader::Toolchain load_built_toolchain() {
  grader::Toolchain toolchain;
  std::string err;
  const fs::path manifest =
      fs::path(PTLABS_GRADER).parent_path().parent_path() / "share/ptlabs/toolchain.json";
  EXPECT_TRUE(grader::load_toolchain(manifest, &toolchain, &err)) << err;
  return toolchain;
}

grader::Catalog load_built_catalog(const grader::Toolchain& toolchain) {
  grader::Catalog catalog;
  std::string err;
  EXPECT_TRUE(grader::load_catalog(toolchain.catalog_path(), &catalog, &err)) << err;
  return catalog;
}

// A case of tests/submissions/hostile/ the policy refuses, and what the build log says.
struct Refused {
  const char* folder;
  const char* says;
};

std::ostream& operator<<(std::ostream& out, const Refused& c) { return out << c.folder; }

const Refused kRefused[] = {
    {"student-main",
     "process.cpp defines main(): the grader provides main; remove it and put your code in "
     "run_in_processes()."},
    {"redefines-current-pid",
     "process.cpp defines ptlabs::current_pid(), a function of the lab framework (labs/common)"},
    {"interposes-write", "thread.cpp defines write(), a function of the C library"},
};

class RefusedAtBuild : public testing::TestWithParam<Refused> {};

TEST_P(RefusedAtBuild, BuildFailsNamingTheSymbolAndTheReportIsWhole) {
  const Refused& c = GetParam();
  TempDir dir;
  const fs::path sub = dir.path() / "sub";
  assemble_submission(sub, kLab, source_dir() / "tests/submissions/hostile" / c.folder);
  const fs::path report = dir.path() / "report.json";
  grader::Outcome o = run_grader({"grade", "--submission", sub.string(), "--lab", kLab, "--format",
                                  "json", "-o", report.string(), "--no-perf"});
  EXPECT_EQ(o.exit_code, 1) << o.output;
  EXPECT_NE(o.output.find(c.says), std::string::npos) << "the text report:\n" << o.output;

  auto json = read_json(report);
  ASSERT_EQ(json["labs"].size(), 1u);
  const auto& lab = json["labs"][0];
  EXPECT_FALSE(lab["build"]["ok"].get<bool>());
  const std::string log = lab["build"]["log"].get<std::string>();
  EXPECT_NE(log.find(c.says), std::string::npos) << log;
  EXPECT_EQ(log.find("--- link"), std::string::npos) << "linked after all:\n" << log;

  const grader::Toolchain toolchain = load_built_toolchain();
  const grader::Catalog catalog = load_built_catalog(toolchain);
  std::string err;
  const grader::Lab* spawn = catalog.find(kLab, &err);
  ASSERT_NE(spawn, nullptr) << err;
  ASSERT_EQ(lab["tests"].size(), spawn->checks.size());  // every check of the lab, each an error
  for (const auto& check : lab["tests"]) {
    EXPECT_EQ(check["status"], "error") << check["name"];
    EXPECT_EQ(check["score"], 0) << check["name"];
    EXPECT_NE(check["output"].get<std::string>().find("build failed"), std::string::npos)
        << check["output"];
  }
  EXPECT_EQ(json["score"], 0);
  EXPECT_GT(json["max_score"].get<double>(), 0);
}

INSTANTIATE_TEST_SUITE_P(Hostile, RefusedAtBuild, testing::ValuesIn(kRefused),
                         [](const testing::TestParamInfo<Refused>& param_info) {
                           std::string name = param_info.param.folder;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

// One lab's folder that must pass the policy: a reference solution or a skeleton.
struct Honest {
  std::string lab;
  std::string root;  // "solutions" or "labs"
};

std::ostream& operator<<(std::ostream& out, const Honest& c) {
  return out << c.root << "/" << c.lab;
}

std::vector<Honest> honest_folders() {
  std::vector<Honest> folders;
  std::error_code ec;
  for (const char* root : {"solutions", "labs"}) {
    for (const auto& entry : fs::directory_iterator(source_dir() / root, ec)) {
      const std::string name = entry.path().filename().string();
      if (name.size() > 3 && std::isdigit(static_cast<unsigned char>(name[0])) && name[2] == '-' &&
          fs::exists(entry.path() / "process.cpp")) {
        folders.push_back({name, root});
      }
    }
  }
  std::sort(folders.begin(), folders.end(),
            [](const Honest& a, const Honest& b) { return a.root + a.lab < b.root + b.lab; });
  return folders;
}

class PassesThePolicy : public testing::TestWithParam<Honest> {};

// build_lab as the grader runs it, with the real compiler and nm; the links and the
// ThreadSanitizer compile are skipped (they do not touch the policy, and they are slow).
TEST_P(PassesThePolicy, BuildsWithoutASymbolComplaint) {
  const Honest& c = GetParam();
  const grader::Toolchain toolchain = load_built_toolchain();
  const grader::Catalog catalog = load_built_catalog(toolchain);
  std::string err;
  const grader::Lab* lab = catalog.find(c.lab, &err);
  ASSERT_NE(lab, nullptr) << err;

  std::atomic<int> listings{0};
  std::atomic<std::size_t> listed_bytes{0};
  const grader::CommandRunner run = [&](const grader::Command& command) {
    const auto has = [&](const char* arg) {
      return std::find(command.argv.begin(), command.argv.end(), arg) != command.argv.end();
    };
    const bool nm = !command.argv.empty() && command.argv[0] == toolchain.nm;
    if (nm || (has("-c") && !has("-fsanitize=thread"))) {
      grader::Outcome outcome = grader::run_command(command);
      if (nm) {
        ++listings;
        listed_bytes += outcome.output.size();
      }
      return outcome;
    }
    grader::Outcome skipped;
    skipped.started = true;
    skipped.exit_code = 0;
    return skipped;
  };
  TempDir work;
  const grader::BuildOutput built =
      grader::build_lab(toolchain, *lab, grader::collect_lab_files(source_dir() / c.root / c.lab),
                        work.path(), run, false);
  EXPECT_TRUE(built.info.ok) << built.info.log;
  EXPECT_EQ(built.info.log.find("symbol check"), std::string::npos) << built.info.log;
  EXPECT_EQ(listings.load(), 1) << "nm did not run on the objects:\n" << built.info.log;
  EXPECT_GT(listed_bytes.load(), 0u) << "nm listed nothing";
}

INSTANTIATE_TEST_SUITE_P(Reference, PassesThePolicy, testing::ValuesIn(honest_folders()),
                         [](const testing::TestParamInfo<Honest>& param_info) {
                           std::string name = param_info.param.root + "_" + param_info.param.lab;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace ptlabs::e2e
