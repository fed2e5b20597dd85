#include "report_html.hpp"

#include <string_view>

#include "chart_data.hpp"
#include "failure_text.hpp"
#include "report_text.hpp"
#include "scoring.hpp"
#include "svg_chart.hpp"
#include "text_format.hpp"

namespace ptlabs::grader {
namespace {

using svg::escape;

constexpr const char* kStyle = R"CSS(
body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 980px; padding: 16px 24px;
       color: #111827; background: #f9fafb; line-height: 1.45; }
h1 { margin: 0 0 4px; font-size: 26px; }
h2 { margin: 0 0 10px; font-size: 20px; border-bottom: 2px solid #e5e7eb; padding-bottom: 6px; }
h3 { font-size: 16px; margin: 18px 0 8px; }
header, section { background: #ffffff; border: 1px solid #e5e7eb; border-radius: 8px;
                  padding: 16px 20px; margin-bottom: 18px; }
.score { font-size: 34px; font-weight: bold; margin: 4px 0 10px; }
.score.full { color: #15803d; }
.score.short { color: #b91c1c; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #e5e7eb; vertical-align: top; }
th { background: #f3f4f6; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.status { font-weight: bold; white-space: nowrap; }
.ok { color: #15803d; } .bad { color: #b91c1c; } .maybe { color: #a16207; }
dl.machine { display: grid; grid-template-columns: max-content auto; gap: 2px 14px; margin: 6px 0; }
dl.machine dt { font-weight: 600; } dl.machine dd { margin: 0; }
pre { background: #111827; color: #f9fafb; padding: 10px 12px; border-radius: 6px;
      overflow-x: auto; font-size: 12.5px; white-space: pre-wrap; word-break: break-word; }
.failure { border-left: 4px solid #b91c1c; padding: 4px 12px; margin: 10px 0; background: #fef2f2; }
.pair { display: grid; grid-template-columns: max-content auto; gap: 4px 12px; margin: 6px 0; }
.pair .label { font-weight: 600; }
.pair code { background: #ffffff; border: 1px solid #e5e7eb; padding: 1px 5px; border-radius: 4px;
             white-space: pre-wrap; word-break: break-word; }
.expected code { border-color: #86efac; } .actual code { border-color: #fca5a5; }
.detail { color: #374151; font-size: 14px; margin: 4px 0 12px; }
.note { color: #6b7280; font-style: italic; }
.charts svg { display: block; max-width: 100%; height: auto; margin: 12px 0;
              border: 1px solid #e5e7eb; border-radius: 6px; }
)CSS";

constexpr std::size_t kBuildLogLines = 200;

std::string points(double score, double max) {
  return format_points(score) + "/" + format_points(max);
}

std::string status_cell(TestStatus status) {
  const char* css = status == TestStatus::kPassed ? "ok" : "bad";
  return "<span class=\"status " + std::string(css) + "\">" + std::string(to_string(status)) +
         "</span>";
}

std::string verdict_cell(Verdict verdict) {
  const char* css = verdict == Verdict::kPass ? "ok" : verdict == Verdict::kFail ? "bad" : "maybe";
  return "<span class=\"status " + std::string(css) + "\">" + std::string(to_string(verdict)) +
         "</span>";
}

std::string anchor(const LabResult& lab) { return "lab-" + escape(lab.id); }

std::string machine_html(const GradeReport& report) {
  const MachineInfo& m = report.machine;
  std::string out = "<dl class=\"machine\">\n";
  auto row = [&](const char* name, const std::string& value) {
    out += "<dt>" + std::string(name) + "</dt><dd>" + escape(value) + "</dd>\n";
  };
  row("Submission", report.submission);
  row("Usable cores", std::to_string(m.usable_cores) + " (online " +
                          std::to_string(m.online_cores) + ", affinity " +
                          std::to_string(m.affinity_cores) +
                          (m.cpu_quota ? printf_string(", cgroup quota %.2f", *m.cpu_quota)
                                       : std::string(", no cgroup quota")) +
                          ")");
  row("CPU", m.cpu_model.empty() ? "unknown" : m.cpu_model);
  if (!m.kernel.empty()) row("Kernel", m.kernel);
  row("Grading took", printf_string("%.1f s", report.seconds));
  std::string protections;
  for (const auto& p : report.protections) protections += (protections.empty() ? "" : ", ") + p;
  row("Protections", protections.empty() ? "none (student code ran unconfined)" : protections);
  return out + "</dl>\n";
}

int passed_checks(const LabResult& lab) {
  int passed = 0;
  for (const auto& check : lab.tests) passed += check.status == TestStatus::kPassed ? 1 : 0;
  return passed;
}

std::string perf_summary(const LabResult& lab) {
  if (lab.perf.empty()) return "<span class=\"note\">none</span>";
  std::string out;
  for (const auto& perf : lab.perf) out += (out.empty() ? "" : " ") + verdict_cell(perf.verdict);
  return out;
}

std::string labs_table(const GradeReport& report) {
  std::string out =
      "<table class=\"labs\">\n<tr><th>Lab</th><th>Title</th><th>Build</th><th>Checks "
      "passed</th><th>Perf</th><th>Score</th></tr>\n";
  for (const auto& lab : report.labs) {
    const std::string build = !lab.submitted ? "<span class=\"status bad\">missing</span>"
                              : lab.build.ok ? "<span class=\"status ok\">ok</span>"
                                             : "<span class=\"status bad\">failed</span>";
    out += "<tr><td><a href=\"#" + anchor(lab) + "\">" + escape(lab.id) + "</a></td><td>" +
           escape(lab.title) + "</td><td>" + build + "</td><td class=\"num\">" +
           std::to_string(passed_checks(lab)) + "/" + std::to_string(lab.tests.size()) +
           "</td><td>" + perf_summary(lab) + "</td><td class=\"num\">" +
           points(lab.score, lab.max_score) + "</td></tr>\n";
  }
  return out + "</table>\n";
}

std::string pair_row(const char* css, const char* label, const std::string& value,
                     const std::string& expression) {
  std::string out = "<div class=\"label " + std::string(css) + "\">" + label +
                    "</div><div class=\"" + css + "\"><code>" + escape(value) + "</code>";
  if (!expression.empty()) out += " <span class=\"note\">from " + escape(expression) + "</span>";
  return out + "</div>\n";
}

// A failed check: its expected/actual pairs when GoogleTest gave them, then (or
// else) the whole output.
std::string failure_html(const CheckResult& check) {
  std::string out = "<div class=\"failure\">\n<strong>" + escape(check.name) + "</strong>\n";
  const auto pairs = expected_actual_pairs(check.output);
  for (const auto& p : pairs) {
    out += "<div class=\"pair\">\n";
    if (!p.where.empty())
      out += "<div class=\"label\">Where</div><div>" + escape(p.where) + "</div>\n";
    out += pair_row("expected", "Expected", p.expected, p.expected_expression);
    out += pair_row("actual", "Actual", p.actual, p.actual_expression);
    if (!p.message.empty()) {
      out += "<div class=\"label\">Why</div><div>" + escape(p.message) + "</div>\n";
    }
    out += "</div>\n";
  }
  if (pairs.empty()) {
    out += "<pre>" + escape(check.output) + "</pre>\n";
  } else {
    out += "<details><summary>Full output</summary><pre>" + escape(check.output) +
           "</pre></details>\n";
  }
  return out + "</div>\n";
}

std::string checks_html(const LabResult& lab) {
  if (lab.tests.empty()) return "";
  std::string out =
      "<h3>Checks</h3>\n<table class=\"checks\">\n<tr><th>Check</th><th>Status</th><th>Time</th>"
      "<th>Points</th></tr>\n";
  for (const auto& check : lab.tests) {
    out += "<tr><td>" + escape(check.name) + "</td><td>" + status_cell(check.status) +
           "</td><td class=\"num\">" + printf_string("%.1f s", check.seconds) +
           "</td><td class=\"num\">" + points(check.score, check.max_score) + "</td></tr>\n";
  }
  out += "</table>\n";
  for (const auto& check : lab.tests) {
    if (check.status != TestStatus::kPassed && !check.output.empty()) out += failure_html(check);
  }
  return out;
}

std::string build_html(const LabResult& lab) {
  if (!lab.submitted) {
    return "<p><span class=\"status bad\">Not submitted.</span> " + escape(lab.build.log) +
           "</p>\n";
  }
  std::string out = "<p>Build: " +
                    std::string(lab.build.ok ? "<span class=\"status ok\">ok</span>"
                                             : "<span class=\"status bad\">failed</span>") +
                    printf_string(" (%.1f s)", lab.build.seconds) + "</p>\n";
  if (!lab.build.ok && !lab.build.log.empty()) {
    out += "<pre class=\"build-log\">" + escape(tail_lines(lab.build.log, kBuildLogLines)) +
           "</pre>\n";
  }
  return out;
}

// Where a chart has nothing to draw, say why in a line.
std::string missing_data_note(const PerfResult& perf) {
  return "<p class=\"note\">No chart for “" + escape(perf.name) + "”: no trial was measured (" +
         std::string(to_string(perf.verdict)) +
         " before any measurement; see the reason above).</p>\n";
}

std::string perf_html(const LabResult& lab) {
  if (lab.perf.empty()) {
    if (!lab.submitted || !lab.build.ok) return "";
    return "<p class=\"note\">No performance measurements for this lab in this report, so no "
           "charts (the perf checks were skipped with --no-perf, or the lab has none).</p>\n";
  }
  std::string out =
      "<h3>Performance</h3>\n<table class=\"perf\">\n<tr><th>Check</th><th>Verdict</th>"
      "<th>Measured</th><th>Ratio</th><th>Threshold</th></tr>\n";
  for (const auto& perf : lab.perf) {
    const bool measured = perf.ratio > 0 || perf.threshold > 0;
    out += "<tr><td>" + escape(perf.name) + "</td><td>" + verdict_cell(perf.verdict) + "</td><td>" +
           escape(perf.metric) + "</td><td class=\"num\">" +
           (measured ? printf_string("%.2f", perf.ratio) : std::string("–")) +
           "</td><td class=\"num\">" +
           (measured ? printf_string("%.2f", perf.threshold) : std::string("–")) + "</td></tr>\n";
  }
  out += "</table>\n";
  std::vector<const nlohmann::json*> data;
  for (const auto& perf : lab.perf) {
    out += "<p class=\"detail\"><strong>" + escape(perf.name) + ":</strong> " +
           escape(perf.detail) + "</p>\n";
    data.push_back(&perf.data);
  }
  out += "<div class=\"charts\">\n";
  for (const auto& spec : read_charts(data)) out += render_chart(spec.chart);
  for (const auto& perf : lab.perf) {
    if (read_charts({&perf.data}).empty()) out += missing_data_note(perf);
  }
  return out + "</div>\n";
}

std::string lab_html(const LabResult& lab) {
  return "<section id=\"" + anchor(lab) + "\">\n<h2>" + escape(lab.id) + ": " + escape(lab.title) +
         " <span class=\"num\">— " + points(lab.score, lab.max_score) + "</span></h2>\n" +
         build_html(lab) + checks_html(lab) + perf_html(lab) + "</section>\n";
}

}  // namespace

std::string to_html(const GradeReport& report) {
  const bool full = all_passed(report);
  const std::string score = points(report.score, report.max_score);
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>ptlabs report: " +
      score + "</title>\n<style>" + kStyle +
      "</style>\n</head>\n<body>\n<header>\n<h1>ptlabs grading report</h1>\n";
  out +=
      "<p class=\"score " + std::string(full ? "full" : "short") + "\">Score: " + score + "</p>\n";
  out += machine_html(report) + labs_table(report) + "</header>\n";
  for (const auto& lab : report.labs) out += lab_html(lab);
  return out + "</body>\n</html>\n";
}

}  // namespace ptlabs::grader
