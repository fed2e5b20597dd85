#include "report_text.hpp"

#include <cstdio>
#include <sstream>

#include "safe_text.hpp"
#include "scoring.hpp"
#include "text_format.hpp"

namespace ptlabs::grader {
namespace {

constexpr std::size_t kNameWidth = 60;
constexpr std::size_t kBuildLogLines = 40;

// The name padded with dots to the column; a name too long for it keeps two dots,
// so the status never runs into it.
std::string dotted(const std::string& name) {
  std::string line = name + " ";
  line.append(line.size() + 2 < kNameWidth ? kNameWidth - line.size() : 2, '.');
  return line;
}

std::string seconds(double s) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "(%.1fs)", s);
  return buffer;
}

// Each line of `text` after `prefix`, its control characters escaped: the text is
// the submission's (test output, exception texts, compiler messages), and must not
// move the cursor over the grader's verdicts or recolour them.
std::string indented(const std::string& text, const std::string& prefix) {
  std::istringstream in(shown_safely(text));
  std::string line, out;
  while (std::getline(in, line)) out += prefix + line + "\n";
  return out;
}

std::string status_word(TestStatus status, const Style& style) {
  switch (status) {
    case TestStatus::kPassed:
      return style.green("OK     ");
    case TestStatus::kFailed:
      return style.red("FAIL   ");
    case TestStatus::kTimeout:
      return style.red("TIMEOUT");
    case TestStatus::kError:
      return style.red("ERROR  ");
  }
  return "ERROR  ";
}

std::string verdict_word(Verdict verdict, const Style& style) {
  switch (verdict) {
    case Verdict::kPass:
      return style.green("PASS   ");
    case Verdict::kFail:
      return style.red("FAIL   ");
    case Verdict::kInconclusive:
      return style.yellow("INCONCL");
  }
  return "INCONCL";
}

void render_lab(const LabResult& lab, const Style& style, std::ostringstream& out) {
  out << style.bold("== " + lab.id + ": " + lab.title) << "\n";
  if (lab.public_only) out << "  " << style.yellow(kPublicOnlyNote) << "\n";
  if (!lab.submitted) {
    out << "  " << dotted("submitted") << " " << style.red("MISSING") << "  "
        << shown_safely(lab.build.log) << "\n";
  } else {
    out << "  " << dotted("build") << " "
        << (lab.build.ok ? style.green("OK     ") : style.red("FAIL   ")) << " "
        << seconds(lab.build.seconds) << "\n";
    if (!lab.build.log.empty() && !lab.build.ok) {
      out << indented(tail_lines(lab.build.log, kBuildLogLines), "      ");
    } else if (!lab.build.log.empty()) {
      out << style.dim(indented(tail_lines(lab.build.log, 8), "      "));
    }
  }
  for (const auto& check : lab.tests) {
    out << "  " << dotted(check.name) << " " << status_word(check.status, style) << " "
        << seconds(check.seconds) << "  " << format_points(check.score) << "/"
        << format_points(check.max_score) << "\n";
    if (check.status != TestStatus::kPassed && lab.submitted && lab.build.ok) {
      out << indented(check.output, "      ");
    }
  }
  for (const auto& perf : lab.perf) {
    const bool measured = perf.ratio > 0 || perf.threshold > 0;
    const std::string numbers = measured
                                    ? printf_string("%s %.2f (threshold %.2f)", perf.metric.c_str(),
                                                    perf.ratio, perf.threshold)
                                    : std::string("not measured");
    out << "  " << dotted("perf: " + perf.name) << " " << verdict_word(perf.verdict, style) << " "
        << numbers << "\n";
    if (!perf.detail.empty()) out << indented(perf.detail, "      ");
  }
  out << "  "
      << style.bold("Lab " + lab.id + ": " + format_points(lab.score) + "/" +
                    format_points(lab.max_score))
      << "\n";
}

}  // namespace

std::string format_points(double points) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", points);
  return buffer;
}

std::string to_text(const GradeReport& report, const Style& style) {
  std::ostringstream out;
  out << "ptlabs grader: " << shown_safely(report.submission) << " (" << report.machine.usable_cores
      << " usable cores)\n";
  for (const auto& lab : report.labs) render_lab(lab, style, out);
  if (!report.protections.empty()) {
    out << style.dim("Limits on student code:");
    for (std::size_t i = 0; i < report.protections.size(); ++i) {
      out << style.dim((i == 0 ? " " : ", ") + report.protections[i]);
    }
    out << "\n";
  }
  const std::string score =
      "Score: " + format_points(report.score) + "/" + format_points(report.max_score);
  out << (all_passed(report) ? style.green(score) : style.bold(score)) << "\n";
  return out.str();
}

}  // namespace ptlabs::grader
