// Grading a whole class (grader batch): finding the submissions, checking and
// unpacking each one, grading it in a child `grader grade` process, and keeping
// the results on disk so an interrupted batch resumes where it stopped.
//
// Layout of the output folder:
//   <out>/students/<id>/report.json   the child's JSON report (its presence = done)
//   <out>/students/<id>/report.html   the same report for a person
//   <out>/students/<id>/status.json   why a student was not graded (no report.json)
//   <out>/students/<id>/grade.log     what the child printed
//   <out>/gradebook.csv, summary.json, summary.html   rebuilt from the above at the end
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "archive_extract.hpp"
#include "catalog.hpp"
#include "gradebook.hpp"

namespace ptlabs::grader {

// One student's submission in the --submissions folder.
struct Submission {
  std::string id;              // the folder name, or the archive name without .zip/.tar.gz
  std::filesystem::path path;  // the folder or the archive
  bool archive = false;
};

// Lists the submissions of `dir`, sorted by id: every folder, .zip, .tar.gz and
// .tgz. Hidden entries are skipped; anything else, and an archive whose id a
// folder already has, is skipped with a line in *warnings. A symbolic link is
// listed (it becomes an unsafe-symlink row, never followed). False with *err if
// `dir` cannot be read.
bool list_submissions(const std::filesystem::path& dir, std::vector<Submission>* out,
                      std::vector<std::string>* warnings, std::string* err);

// A submission made ready to grade, or the reason it cannot be.
struct Prepared {
  std::string status;             // "" when ready; else a name from batch_statuses()
  std::string detail;             // for the instructor
  std::filesystem::path folder;   // what to pass to grade --submission
  std::vector<const Lab*> found;  // the labs of `labs` that have a folder
};

// Checks (and for an archive, unpacks into `scratch`, an empty folder) one
// submission: statuses empty, wrong-layout, unsafe-symlink, unsafe-archive,
// archive-too-large, bad-archive. A submission whose only entry is one folder is
// looked into (alice.zip holding alice/01-spawn/...).
Prepared prepare_submission(const Submission& submission, const std::filesystem::path& scratch,
                            const std::vector<const Lab*>& labs, const ExtractLimits& limits);

// Returns the first symbolic link under `root` that resolves outside it, as a
// path relative to `root`, or "" when there is none. Links are read, never followed.
std::string escaping_symlink(const std::filesystem::path& root);

struct BatchOptions {
  std::filesystem::path submissions;
  std::filesystem::path out;
  std::filesystem::path grader;  // the executable to run as `grader grade`
  int jobs = 1;
  bool force = false;
  std::vector<const Lab*> labs;  // the gradebook's columns, catalogue order
  bool labs_selected = false;    // --lab given: children grade only those labs
  bool perf = true;
  double time_scale = 1;
  double timeout_s = 0;  // per student; 0 = default_timeout()
  ExtractLimits archive_limits;
};

// The default wall-clock bound of one child: per lab, 300 s, plus 600 s for each
// job when perf checks run (a child may wait on the perf lock while the others
// measure), times the time scale.
double default_timeout(const BatchOptions& options, std::size_t labs);

struct BatchResult {
  int students = 0;
  int skipped = 0;                     // already graded (report.json present, no --force)
  int graded = 0;                      // graded in this run
  int not_graded = 0;                  // a status other than graded / build-failed, in this run
  int interrupted = 0;                 // the signal that stopped the batch, or 0
  std::vector<StudentRecord> records;  // the gradebook rows, as rebuilt at the end
};

// One line of progress for the instructor ("[3/30] alice graded 41/60 (35.2 s)").
using BatchProgress = std::function<void(const std::string&)>;

// Runs the batch. SIGINT and SIGTERM stop it: running children are killed,
// finished students are kept, the rest are marked pending, and the results are
// still rebuilt. False (with *err) only when the batch itself cannot run (no
// output folder, no work folder, unwritable gradebook).
bool grade_class(const BatchOptions& options, const BatchProgress& progress, BatchResult* result,
                 std::string* err);

// Rebuilds the gradebook, summary.json and summary.html of `out` from the students'
// folders, for the submissions in `students` (ones never started are "pending").
bool write_class_results(const std::filesystem::path& out, const std::vector<Submission>& students,
                         const std::vector<const Lab*>& labs, std::vector<StudentRecord>* records,
                         std::string* err);

}  // namespace ptlabs::grader
