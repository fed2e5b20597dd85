// The class's results (grader batch): one record per student, the gradebook CSV
// and the class summary (score histogram, failure rate of each check).
//
// Pure data in, text and numbers out: the batch runner gathers the records from
// the reports on disk, so everything here is unit-tested with plain values.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog.hpp"
#include "report.hpp"

namespace ptlabs::grader {

// What became of one student's submission. `meaning` is shown by --help.
struct StatusInfo {
  const char* name;
  const char* meaning;
};

// Every status a gradebook row can have, in the order --help lists them.
const std::vector<StatusInfo>& batch_statuses();

struct StudentRecord {
  std::string id;                     // the submission's folder or archive name
  std::string status;                 // a name from batch_statuses()
  std::string detail;                 // one line for the instructor; "" when nothing to add
  std::optional<GradeReport> report;  // present iff the student was graded
};

// Makes a record from a finished report: "graded", or "build-failed" (with the
// labs named in `detail`) when a submitted lab did not compile.
StudentRecord graded_record(const std::string& id, GradeReport report);

// One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF, quotes
// doubled. Text starting with = + - @ (a spreadsheet formula) gets a leading '.
std::string csv_field(std::string_view text);

// The gradebook: a header row "student,<lab id>...,total,max,status,detail" and one
// row per record in `records` order. A lab cell is the lab's score (0 when the
// report has no such lab); ungraded students have empty score cells and total.
// `max` is the sum of the catalogue's points of `labs`.
std::string gradebook_csv(const std::vector<StudentRecord>& records,
                          const std::vector<const Lab*>& labs);

// How often one check failed across the class.
struct CheckFailureRate {
  std::string lab_id;
  std::string lab_title;
  std::string teaches;  // the lab's concept from the catalogue
  std::string check;
  int attempts = 0;  // graded students who submitted the lab
  int failures = 0;  // of those, how many did not pass the check
  double rate() const { return attempts > 0 ? static_cast<double>(failures) / attempts : 0; }
};

struct ClassSummary {
  int students = 0;
  int graded = 0;                     // students with a report
  double max_score = 0;               // per student, over `labs`
  std::vector<int> histogram;         // 10 bins of total/max: [0,10%), ..., [90%,100%]
  std::map<std::string, int> status;  // status name -> students
  double mean_percent = 0;            // over graded students
  double median_percent = 0;
  std::vector<CheckFailureRate> checks;  // worst first; ties in catalogue order
  struct Row {
    std::string id;
    std::string status;
    std::string detail;
    std::optional<double> total;  // over the gradebook's labs, when graded
  };
  std::vector<Row> rows;  // one per student, in the records' order
};

// Builds the summary over `labs` (the gradebook's columns).
ClassSummary summarize(const std::vector<StudentRecord>& records,
                       const std::vector<const Lab*>& labs);

// The summary as JSON (summary.json): the same numbers, for scripts.
nlohmann::json to_json(const ClassSummary& summary);

// The summary as one self-contained HTML page with an inline SVG histogram
// (class_summary_html.cpp). Student reports are linked as students/<id>/report.html.
std::string class_summary_html(const ClassSummary& summary);

}  // namespace ptlabs::grader
