#include "gradebook.hpp"

#include <algorithm>
#include <cstdio>

namespace ptlabs::grader {
namespace {

// A score as the gradebook prints it: no trailing zeros ("3", "2.5").
std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

const LabResult* find_lab(const GradeReport& report, const std::string& id) {
  for (const auto& lab : report.labs) {
    if (lab.id == id) return &lab;
  }
  return nullptr;
}

double total_over(const GradeReport& report, const std::vector<const Lab*>& labs) {
  double total = 0;
  for (const Lab* lab : labs) {
    if (const LabResult* result = find_lab(report, lab->id)) total += result->score;
  }
  return total;
}

double max_over(const std::vector<const Lab*>& labs) {
  double max = 0;
  for (const Lab* lab : labs) max += lab->max_points();
  return max;
}

}  // namespace

const std::vector<StatusInfo>& batch_statuses() {
  static const std::vector<StatusInfo> statuses = {
      {"graded", "graded; the scores are in the row"},
      {"build-failed", "graded, but a submitted lab did not compile (its checks score 0)"},
      {"empty", "the folder or archive holds no files"},
      {"wrong-layout", "no lab folder (01-spawn/ ...) found at the top or under labs/"},
      {"unsafe-symlink", "a symbolic link points outside the submission; nothing was graded"},
      {"unsafe-archive", "an archive entry is an absolute path, has '..', or is a link"},
      {"archive-too-large", "the archive unpacks past the size or entry-count cap (a bomb)"},
      {"bad-archive", "the archive is damaged or not a zip / tar.gz"},
      {"grader-error", "the grader failed on this submission (see students/<id>/grade.log)"},
      {"timeout", "grading took longer than --timeout and was stopped"},
      {"pending", "not graded yet (the batch was interrupted); run the same command again"},
  };
  return statuses;
}

StudentRecord graded_record(const std::string& id, GradeReport report) {
  StudentRecord record;
  record.id = id;
  record.status = "graded";
  std::string failed;
  for (const auto& lab : report.labs) {
    if (lab.submitted && !lab.build.ok) failed += (failed.empty() ? "" : ", ") + lab.id;
  }
  if (!failed.empty()) {
    record.status = "build-failed";
    record.detail = "did not compile: " + failed;
  }
  record.report = std::move(report);
  return record;
}

std::string csv_field(std::string_view text) {
  std::string field(text);
  if (!field.empty() && std::string_view("=+-@").find(field.front()) != std::string_view::npos) {
    field.insert(field.begin(), '\'');
  }
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  std::string quoted = "\"";
  for (char c : field) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string gradebook_csv(const std::vector<StudentRecord>& records,
                          const std::vector<const Lab*>& labs) {
  std::string csv = "student";
  for (const Lab* lab : labs) csv += "," + csv_field(lab->id);
  csv += ",total,max,status,detail\r\n";
  const std::string max = number(max_over(labs));
  for (const auto& record : records) {
    csv += csv_field(record.id);
    for (const Lab* lab : labs) {
      csv += ",";
      if (!record.report) continue;
      const LabResult* result = find_lab(*record.report, lab->id);
      csv += number(result != nullptr ? result->score : 0);
    }
    csv += "," + (record.report ? number(total_over(*record.report, labs)) : std::string());
    csv += "," + max + "," + csv_field(record.status) + "," + csv_field(record.detail) + "\r\n";
  }
  return csv;
}

ClassSummary summarize(const std::vector<StudentRecord>& records,
                       const std::vector<const Lab*>& labs) {
  ClassSummary summary;
  summary.students = static_cast<int>(records.size());
  summary.max_score = max_over(labs);
  summary.histogram.assign(10, 0);
  for (const Lab* lab : labs) {
    for (const auto& check : lab->checks) {
      summary.checks.push_back({lab->id, lab->title, lab->teaches, check.name, 0, 0});
    }
  }
  std::vector<double> percents;
  for (const auto& record : records) {
    ++summary.status[record.status];
    summary.rows.push_back({record.id, record.status, record.detail, std::nullopt});
    if (!record.report) continue;
    summary.rows.back().total = total_over(*record.report, labs);
    ++summary.graded;
    const double percent =
        summary.max_score > 0 ? 100 * total_over(*record.report, labs) / summary.max_score : 0;
    percents.push_back(percent);
    const int bin = std::clamp(static_cast<int>(percent / 10), 0, 9);
    ++summary.histogram[static_cast<std::size_t>(bin)];
    for (auto& rate : summary.checks) {
      const LabResult* lab = find_lab(*record.report, rate.lab_id);
      if (lab == nullptr || !lab->submitted) continue;  // not submitted is not a struggle
      ++rate.attempts;
      auto check = std::find_if(lab->tests.begin(), lab->tests.end(),
                                [&](const CheckResult& c) { return c.name == rate.check; });
      if (check == lab->tests.end() || check->status != TestStatus::kPassed) ++rate.failures;
    }
  }
  if (!percents.empty()) {
    double sum = 0;
    for (double p : percents) sum += p;
    summary.mean_percent = sum / static_cast<double>(percents.size());
    std::sort(percents.begin(), percents.end());
    const std::size_t n = percents.size();
    summary.median_percent = n % 2 ? percents[n / 2] : (percents[n / 2 - 1] + percents[n / 2]) / 2;
  }
  std::stable_sort(
      summary.checks.begin(), summary.checks.end(),
      [](const CheckFailureRate& a, const CheckFailureRate& b) { return a.rate() > b.rate(); });
  return summary;
}

nlohmann::json to_json(const ClassSummary& summary) {
  nlohmann::json checks = nlohmann::json::array();
  for (const auto& c : summary.checks) {
    checks.push_back({{"lab", c.lab_id},
                      {"lab_title", c.lab_title},
                      {"concept", c.teaches},
                      {"check", c.check},
                      {"attempts", c.attempts},
                      {"failures", c.failures},
                      {"failure_rate", c.rate()}});
  }
  nlohmann::json students = nlohmann::json::array();
  for (const auto& r : summary.rows) {
    nlohmann::json row = {{"student", r.id}, {"status", r.status}, {"detail", r.detail}};
    row["total"] = r.total ? nlohmann::json(*r.total) : nlohmann::json(nullptr);
    students.push_back(row);
  }
  return {{"students", summary.students},
          {"graded", summary.graded},
          {"max_score", summary.max_score},
          {"mean_percent", summary.mean_percent},
          {"median_percent", summary.median_percent},
          {"histogram_percent_bins", summary.histogram},
          {"status", summary.status},
          {"checks", checks},
          {"per_student", students}};
}

}  // namespace ptlabs::grader
