// The student's progress record: .ptlabs/progress.json in the checkout, beside labs/.
//
// Per lab it keeps the outcome of the last `grader check` (failing or passing),
// when that was, the score the graded checks gave, and how many hints of the
// catalogue's ladder have been revealed. A lab without an entry has never been
// checked: "not started". The file is small JSON, written whole through a
// temporary file and a rename, so a crash never leaves half of it. A file that
// cannot be read as such a record is reported with its path and the fix
// (delete it); it is never overwritten behind the student's back.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace ptlabs::grader {

enum class LabStatus { kNotStarted, kFailing, kPassing };

// Returns "not started", "failing" or "passing".
std::string_view to_string(LabStatus status);

struct LabProgress {
  LabStatus status = LabStatus::kNotStarted;  // from the last check
  std::string checked_at;                     // UTC, ISO 8601; "" when never checked
  std::optional<double> score;                // the graded checks' score, when they ran
  std::optional<double> max_score;
  int hints_revealed = 0;  // how many of the lab's hints the student has seen
};

struct ProgressState {
  std::map<std::string, LabProgress> labs;  // lab id -> progress

  // The lab's entry, or a default (not started, no hints) when it has none.
  LabProgress of(const std::string& lab_id) const;
};

// Where the record of the checkout `checkout` (the folder holding labs/) lives.
std::filesystem::path progress_path(const std::filesystem::path& checkout);

// Renders the record as JSON text.
std::string to_progress_json(const ProgressState& state);

// Parses record text. False (with *err naming `path` and the fix) when it is not one.
bool parse_progress(std::string_view text, const std::filesystem::path& path, ProgressState* out,
                    std::string* err);

// Reads the record at `path`; a missing file is an empty record. False (with
// *err naming the path and the fix) when it cannot be read or parsed.
bool load_progress(const std::filesystem::path& path, ProgressState* out, std::string* err);

// Writes the record to `path` atomically, creating its folder. False (with *err) on failure;
// the previous record is then left as it was.
bool save_progress(const std::filesystem::path& path, const ProgressState& state, std::string* err);

// The current time as UTC ISO 8601 ("2026-11-23T07:12:03Z").
std::string utc_now_iso8601();

}  // namespace ptlabs::grader
