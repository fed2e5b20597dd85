#include "catalog.hpp"

#include <gtest/gtest.h>

namespace ptlabs::grader {
namespace {

const char* const kGood = R"(
schema = 1
[[lab]]
id = "01-spawn"
title = "Spawn"
concept = "processes and threads"
time_limit_s = 12
hints = ["first", "second"]
  [[lab.check]]
  name = "process model"
  points = 3
  tests = ["ProcessModel.*", "Other.One"]
  [[lab.check]]
  name = "threads"
  points = 2
  tests = ["Thread*"]
[[lab]]
id = "03-cpu-bound"
title = "CPU"
concept = "cpu-bound work"
  [[lab.check]]
  name = "primes"
  points = 5
  tests = ["Primes.*"]
)";

TEST(Catalog, ParsesLabsChecksAndDefaults) {
  Catalog catalog;
  std::string err;
  ASSERT_TRUE(parse_catalog(kGood, "labs.toml", &catalog, &err)) << err;
  ASSERT_EQ(catalog.labs.size(), 2u);
  const Lab& spawn = catalog.labs[0];
  EXPECT_EQ(spawn.id, "01-spawn");
  EXPECT_EQ(spawn.number, 1);
  EXPECT_EQ(spawn.time_limit_s, 12);
  EXPECT_EQ(spawn.cpu_limit_s, 30) << "default kept";
  EXPECT_EQ(spawn.hints.size(), 2u);
  ASSERT_EQ(spawn.checks.size(), 2u);
  EXPECT_EQ(spawn.checks[0].gtest_filter(), "ProcessModel.*:Other.One");
  EXPECT_EQ(spawn.max_points(), 5);
}

TEST(Catalog, FindsByIdOrNumber) {
  Catalog catalog;
  std::string err;
  ASSERT_TRUE(parse_catalog(kGood, "labs.toml", &catalog, &err)) << err;
  struct Case {
    const char* key;
    const char* id;
  } cases[] = {{"01-spawn", "01-spawn"}, {"01", "01-spawn"},    {"1", "01-spawn"},
               {"03", "03-cpu-bound"},   {"3", "03-cpu-bound"}, {"03-cpu-bound", "03-cpu-bound"}};
  for (const auto& c : cases) {
    const Lab* lab = catalog.find(c.key, &err);
    ASSERT_NE(lab, nullptr) << c.key;
    EXPECT_EQ(lab->id, c.id) << c.key;
  }
  for (const char* bad : {"02", "spawn", "", "001", "01-spawnx"}) {
    EXPECT_EQ(catalog.find(bad, &err), nullptr) << bad;
    EXPECT_NE(err.find("known labs: 01-spawn, 03-cpu-bound"), std::string::npos) << err;
  }
}

TEST(Catalog, RejectsBrokenCataloguesWithAMessageNamingTheField) {
  struct Case {
    const char* name;
    const char* text;
    const char* expected;
  } cases[] = {
      {"not toml", "[[lab]\nid=", "invalid TOML"},
      {"no labs", "schema = 1\n", "no [[lab]] table"},
      {"bad id", "[[lab]]\nid = \"spawn\"\ntitle=\"t\"\nconcept=\"c\"\n",
       "must look like 01-spawn"},
      {"no title", "[[lab]]\nid = \"01-a\"\nconcept=\"c\"\n", "'title'"},
      {"no checks", "[[lab]]\nid = \"01-a\"\ntitle=\"t\"\nconcept=\"c\"\n",
       "at least one [[lab.check]]"},
      {"negative points",
       "[[lab]]\nid = "
       "\"01-a\"\ntitle=\"t\"\nconcept=\"c\"\n[[lab.check]]\nname=\"x\"\npoints=-1\ntests=[\"A.*\"]"
       "\n",
       "'points'"},
      {"no tests",
       "[[lab]]\nid = \"01-a\"\ntitle=\"t\"\nconcept=\"c\"\n[[lab.check]]\nname=\"x\"\npoints=1\n",
       "'tests'"},
      {"duplicate check",
       "[[lab]]\nid = "
       "\"01-a\"\ntitle=\"t\"\nconcept=\"c\"\n[[lab.check]]\nname=\"x\"\npoints=1\ntests=[\"A\"]\n"
       "[[lab.check]]\nname=\"x\"\npoints=1\ntests=[\"B\"]\n",
       "duplicate check name"},
      {"bad time limit",
       "[[lab]]\nid = \"01-a\"\ntitle=\"t\"\nconcept=\"c\"\ntime_limit_s = "
       "-3\n[[lab.check]]\nname=\"x\"\npoints=1\ntests=[\"A\"]\n",
       "time_limit_s"},
      {"duplicate number",
       "[[lab]]\nid = "
       "\"01-a\"\ntitle=\"t\"\nconcept=\"c\"\n[[lab.check]]\nname=\"x\"\npoints=1\ntests=[\"A\"]\n"
       "[[lab]]\nid = "
       "\"01-b\"\ntitle=\"t\"\nconcept=\"c\"\n[[lab.check]]\nname=\"x\"\npoints=1\ntests=[\"A\"]\n",
       "share the number 1"},
  };
  for (const auto& c : cases) {
    Catalog catalog;
    std::string err;
    EXPECT_FALSE(parse_catalog(c.text, "labs.toml", &catalog, &err)) << c.name;
    EXPECT_NE(err.find(c.expected), std::string::npos) << c.name << ": " << err;
    EXPECT_EQ(err.rfind("labs.toml", 0), 0u) << c.name << ": the message names the file: " << err;
  }
}

TEST(Catalog, TheProjectCatalogueLoads) {
  Catalog catalog;
  std::string err;
  ASSERT_TRUE(load_catalog(std::string(PTLABS_SOURCE_DIR) + "/labs/labs.toml", &catalog, &err))
      << err;
  EXPECT_GE(catalog.labs.size(), 1u);
  for (const auto& lab : catalog.labs) {
    EXPECT_FALSE(lab.hints.empty()) << lab.id << " needs a ladder of hints";
    EXPECT_GT(lab.max_points(), 0) << lab.id;
  }
}

TEST(Catalog, MissingFileIsNamed) {
  Catalog catalog;
  std::string err;
  EXPECT_FALSE(load_catalog("/nonexistent/labs.toml", &catalog, &err));
  EXPECT_NE(err.find("/nonexistent/labs.toml"), std::string::npos);
}

}  // namespace
}  // namespace ptlabs::grader
