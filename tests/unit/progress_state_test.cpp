#include "progress_state.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>
#include <sstream>

namespace ptlabs::grader {
namespace {
namespace fs = std::filesystem;

class TempFolder {
 public:
  TempFolder() {
    char pattern[] = "/tmp/ptlabs-progress-XXXXXX";
    if (::mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempFolder() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_text(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

ProgressState sample() {
  ProgressState state;
  LabProgress& spawn = state.labs["01-spawn"];
  spawn.status = LabStatus::kPassing;
  spawn.checked_at = "2026-11-23T07:00:00Z";
  spawn.score = 19;
  spawn.max_score = 19;
  spawn.hints_revealed = 2;
  LabProgress& sharing = state.labs["02-sharing"];
  sharing.status = LabStatus::kFailing;
  sharing.checked_at = "2026-11-23T07:05:00Z";
  sharing.hints_revealed = 5;
  return state;
}

TEST(ProgressState, LivesInDotPtlabsBesideLabs) {
  EXPECT_EQ(progress_path("/home/s/ptlabs"), fs::path("/home/s/ptlabs/.ptlabs/progress.json"));
}

TEST(ProgressState, RoundTripsThroughTheFile) {
  TempFolder dir;
  const fs::path path = progress_path(dir.path());
  std::string err;
  ASSERT_TRUE(save_progress(path, sample(), &err)) << err;
  ProgressState loaded;
  ASSERT_TRUE(load_progress(path, &loaded, &err)) << err;
  ASSERT_EQ(loaded.labs.size(), 2u);
  const LabProgress spawn = loaded.of("01-spawn");
  EXPECT_EQ(spawn.status, LabStatus::kPassing);
  EXPECT_EQ(spawn.checked_at, "2026-11-23T07:00:00Z");
  EXPECT_EQ(spawn.score, 19);
  EXPECT_EQ(spawn.max_score, 19);
  EXPECT_EQ(spawn.hints_revealed, 2);
  const LabProgress sharing = loaded.of("02-sharing");
  EXPECT_EQ(sharing.status, LabStatus::kFailing);
  EXPECT_FALSE(sharing.score.has_value()) << "no graded score was seen";
  EXPECT_EQ(sharing.hints_revealed, 5);
  EXPECT_EQ(loaded.of("09-pipeline").status, LabStatus::kNotStarted) << "no entry: not started";
  EXPECT_EQ(to_progress_json(loaded), to_progress_json(sample()));
}

TEST(ProgressState, AMissingFileIsAnEmptyRecord) {
  TempFolder dir;
  ProgressState state = sample();
  std::string err;
  ASSERT_TRUE(load_progress(progress_path(dir.path()), &state, &err)) << err;
  EXPECT_TRUE(state.labs.empty());
}

TEST(ProgressState, ACorruptFileNamesItsPathAndTheFix) {
  struct Case {
    const char* name;
    const char* text;
    const char* says;
  } cases[] = {
      {"not JSON", "{\"labs\": {\"01-spawn\": ", "not valid JSON"},
      {"no labs", "{\"schema\": 1}", "no \"labs\" object"},
      {"unknown schema", "{\"schema\": 7, \"labs\": {}}", "unknown schema 7"},
      {"bad status", "{\"labs\": {\"01-spawn\": {\"status\": \"great\"}}}", "lab \"01-spawn\""},
      {"negative hints", "{\"labs\": {\"01-spawn\": {\"hints_revealed\": -1}}}", "hints_revealed"},
      {"score text", "{\"labs\": {\"01-spawn\": {\"score\": \"ten\"}}}", "score"},
      {"entry not object", "{\"labs\": {\"01-spawn\": 3}}", "not an object"},
  };
  TempFolder dir;
  const fs::path path = progress_path(dir.path());
  for (const auto& c : cases) {
    write_text(path, c.text);
    ProgressState state;
    std::string err;
    EXPECT_FALSE(load_progress(path, &state, &err)) << c.name;
    EXPECT_NE(err.find(path.string()), std::string::npos) << c.name << ": " << err;
    EXPECT_NE(err.find("delete it (rm " + path.string() + ")"), std::string::npos)
        << c.name << ": " << err;
    EXPECT_NE(err.find(c.says), std::string::npos) << c.name << ": " << err;
    EXPECT_EQ(read_text(path), c.text) << c.name << ": loading never rewrites the file";
  }
}

TEST(ProgressState, SavingReplacesTheFileWholeAndLeavesNoTemporary) {
  TempFolder dir;
  const fs::path path = progress_path(dir.path());
  std::string err;
  ASSERT_TRUE(save_progress(path, sample(), &err)) << err;
  ProgressState smaller;
  smaller.labs["03-cpu-bound"].status = LabStatus::kFailing;
  ASSERT_TRUE(save_progress(path, smaller, &err)) << err;
  EXPECT_EQ(read_text(path), to_progress_json(smaller));
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(path.parent_path())) {
    names.push_back(entry.path().filename().string());
  }
  EXPECT_EQ(names, std::vector<std::string>{"progress.json"});
}

TEST(ProgressState, AFailedSaveKeepsThePreviousRecord) {
  TempFolder dir;
  const fs::path path = progress_path(dir.path());
  std::string err;
  ASSERT_TRUE(save_progress(path, sample(), &err)) << err;
  const std::string before = read_text(path);
  // The temporary file's name is taken by a folder: the write must fail before the rename.
  fs::create_directories(path.string() + ".tmp");
  ProgressState other;
  other.labs["04-io-bound"].status = LabStatus::kPassing;
  EXPECT_FALSE(save_progress(path, other, &err));
  EXPECT_NE(err.find(path.string()), std::string::npos) << err;
  EXPECT_EQ(read_text(path), before);
}

TEST(ProgressState, UtcTimestampsAreIso8601) {
  const std::string now = utc_now_iso8601();
  ASSERT_EQ(now.size(), 20u) << now;
  EXPECT_EQ(now[4], '-');
  EXPECT_EQ(now[10], 'T');
  EXPECT_EQ(now.back(), 'Z');
}

}  // namespace
}  // namespace ptlabs::grader
