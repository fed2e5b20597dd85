// The pieces of `grader check` that need no build: choosing the next lab and
// keeping a corrupt progress record out of harm's way.
#include "lab_check.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>
#include <sstream>

namespace ptlabs::grader {
namespace {
namespace fs = std::filesystem;

Catalog three_labs() {
  Catalog catalog;
  for (const char* id : {"01-spawn", "02-sharing", "03-cpu-bound"}) {
    Lab lab;
    lab.id = id;
    catalog.labs.push_back(lab);
  }
  return catalog;
}

TEST(LabCheck, TheNextLabIsTheFirstNotPassingInCatalogueOrder) {
  const Catalog catalog = three_labs();
  struct Case {
    const char* name;
    std::map<std::string, LabStatus> statuses;
    const char* next;  // nullptr: every lab passes
  } cases[] = {
      {"nothing checked", {}, "01-spawn"},
      {"first passes", {{"01-spawn", LabStatus::kPassing}}, "02-sharing"},
      {"a failing one before",
       {{"01-spawn", LabStatus::kPassing}, {"02-sharing", LabStatus::kFailing}},
       "02-sharing"},
      {"a later one passing",
       {{"01-spawn", LabStatus::kPassing}, {"03-cpu-bound", LabStatus::kPassing}},
       "02-sharing"},
      {"all pass",
       {{"01-spawn", LabStatus::kPassing},
        {"02-sharing", LabStatus::kPassing},
        {"03-cpu-bound", LabStatus::kPassing}},
       nullptr},
  };
  for (const auto& c : cases) {
    ProgressState state;
    for (const auto& [id, status] : c.statuses) state.labs[id].status = status;
    const Lab* next = first_unfinished_lab(catalog, state);
    if (c.next == nullptr) {
      EXPECT_EQ(next, nullptr) << c.name;
    } else {
      ASSERT_NE(next, nullptr) << c.name;
      EXPECT_EQ(next->id, c.next) << c.name;
    }
  }
}

TEST(LabCheck, ACorruptRecordIsNeverSavedOver) {
  char pattern[] = "/tmp/ptlabs-labcheck-XXXXXX";
  ASSERT_NE(::mkdtemp(pattern), nullptr);
  const fs::path checkout = pattern;
  const fs::path path = progress_path(checkout);
  fs::create_directories(path.parent_path());
  std::ofstream(path) << "not json";

  ProgressSession session = open_progress(checkout);
  EXPECT_FALSE(session.usable);
  EXPECT_NE(session.problem.find(path.string()), std::string::npos) << session.problem;
  session.state.labs["01-spawn"].status = LabStatus::kPassing;
  std::string err;
  EXPECT_TRUE(save_session(session, &err)) << err;
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), "not json");

  fs::remove(path);
  ProgressSession fresh = open_progress(checkout);
  EXPECT_TRUE(fresh.usable) << "a missing record is a fresh start";
  fresh.state.labs["01-spawn"].status = LabStatus::kFailing;
  EXPECT_TRUE(save_session(fresh, &err)) << err;
  EXPECT_EQ(open_progress(checkout).state.of("01-spawn").status, LabStatus::kFailing);
  fs::remove_all(checkout);
}

}  // namespace
}  // namespace ptlabs::grader
