#include "report_formats.hpp"

#include <algorithm>
#include <sstream>

#include "report_text.hpp"
#include "svg_chart.hpp"
#include "text_format.hpp"

namespace ptlabs::grader {
namespace {

std::string xml_escaped(const std::string& text) { return svg::escape(text); }

std::string markdown_cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n') {
      out += "<br>";
    } else {
      out += c;
    }
  }
  return out;
}

std::string build_failure(const LabResult& lab) {
  return lab.submitted ? "the build failed:\n" + lab.build.log : lab.build.log;
}

// `text` in a Markdown code block whose fence is longer than any run of
// backticks inside, so no output can close it early.
std::string fenced(const std::string& text) {
  std::size_t longest = 0;
  std::size_t run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(std::max<std::size_t>(3, longest + 1), '`');
  return fence + "\n" + text + (text.ends_with('\n') ? "" : "\n") + fence + "\n";
}

// A check's output for Gradescope, in Markdown.
std::string check_output_md(const LabResult& lab, const CheckResult& check) {
  std::string out;
  if (lab.public_only) out += "*" + std::string(kPublicOnlyNote) + "*\n\n";
  const std::string text = lab.build.ok ? check.output : build_failure(lab);
  if (!text.empty()) out += fenced(text);
  return out;
}

std::string perf_output_md(const PerfResult& perf) {
  if (perf.verdict == Verdict::kInconclusive) return inconclusive_note(perf);
  return "**" + std::string(to_string(perf.verdict)) + "**: " + perf.detail +
         "\n\nPerformance checks carry no points.";
}

}  // namespace

std::string inconclusive_note(const PerfResult& perf) {
  return "inconclusive: " + perf.detail +
         "\n\nNo points are lost: performance checks carry no points, and a machine that "
         "cannot show the difference (one usable core, as on Gradescope's default half a CPU, "
         "or a busy one) gives `inconclusive`, never `fail`.";
}

nlohmann::json to_gradescope(const GradeReport& report) {
  nlohmann::json tests = nlohmann::json::array();
  for (const auto& lab : report.labs) {
    for (const auto& check : lab.tests) {
      tests.push_back({{"name", lab.id + " / " + check.name},
                       {"score", check.score},
                       {"max_score", check.max_score},
                       {"status", check.status == TestStatus::kPassed ? "passed" : "failed"},
                       {"visibility", check.visibility},
                       {"output", check_output_md(lab, check)},
                       {"output_format", "md"}});
    }
    for (const auto& perf : lab.perf) {
      tests.push_back({{"name", lab.id + " / perf: " + perf.name},
                       {"score", 0},
                       {"max_score", 0},
                       {"status", perf.verdict == Verdict::kFail ? "failed" : "passed"},
                       {"visibility", "visible"},
                       {"output", perf_output_md(perf)},
                       {"output_format", "md"}});
    }
  }
  return {{"score", report.score},         {"execution_time", report.seconds},
          {"output", to_markdown(report)}, {"output_format", "md"},
          {"test_output_format", "md"},    {"tests", tests}};
}

nlohmann::json to_classroom(const GradeReport& report) {
  nlohmann::json tests = nlohmann::json::array();
  auto add = [&](const std::string& name, bool passed, double score, const std::string& message,
                 double seconds) {
    tests.push_back({{"name", name},
                     {"status", passed ? "pass" : "fail"},
                     {"score", score},
                     {"message", message},
                     {"test_code", "grader grade"},
                     {"filename", ""},
                     {"line_no", 0},
                     {"execution_time", printf_string("%.2fs", seconds)}});
  };
  for (const auto& lab : report.labs) {
    for (const auto& check : lab.tests) {
      std::string message = lab.build.ok ? check.output : build_failure(lab);
      if (lab.public_only) message = std::string(kPublicOnlyNote) + "\n" + message;
      add(lab.id + " / " + check.name, check.status == TestStatus::kPassed, check.score, message,
          check.seconds);
    }
    for (const auto& perf : lab.perf) {
      add(lab.id + " / perf: " + perf.name, perf.verdict != Verdict::kFail, 0,
          std::string(to_string(perf.verdict)) + ": " + perf.detail, 0);
    }
  }
  return {{"version", 1},
          {"status", all_passed(report) ? "pass" : "fail"},
          {"max_score", report.max_score},
          {"tests", tests}};
}

std::string to_junit(const GradeReport& report) {
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"ptlabs\">\n";
  for (const auto& lab : report.labs) {
    int failures = 0;
    int errors = 0;
    for (const auto& check : lab.tests) {
      failures += check.status == TestStatus::kFailed;
      errors += check.status == TestStatus::kError || check.status == TestStatus::kTimeout;
    }
    for (const auto& perf : lab.perf) failures += perf.verdict == Verdict::kFail;
    out << "  <testsuite name=\"" << xml_escaped(lab.id) << "\" tests=\""
        << lab.tests.size() + lab.perf.size() << "\" failures=\"" << failures << "\" errors=\""
        << errors << "\">\n";
    for (const auto& check : lab.tests) {
      out << "    <testcase classname=\"" << xml_escaped(lab.id) << "\" name=\""
          << xml_escaped(check.name) << "\" time=\"" << printf_string("%.3f", check.seconds)
          << "\">\n";
      const std::string output = lab.build.ok ? check.output : build_failure(lab);
      if (check.status == TestStatus::kFailed) {
        out << "      <failure message=\"failed\">" << xml_escaped(output) << "</failure>\n";
      } else if (check.status != TestStatus::kPassed) {
        out << "      <error message=\"" << to_string(check.status) << "\">" << xml_escaped(output)
            << "</error>\n";
      }
      out << "    </testcase>\n";
    }
    for (const auto& perf : lab.perf) {
      out << "    <testcase classname=\"" << xml_escaped(lab.id) << ".perf\" name=\""
          << xml_escaped(perf.name) << "\">\n";
      if (perf.verdict == Verdict::kFail) {
        out << "      <failure message=\"fail\">" << xml_escaped(perf.detail) << "</failure>\n";
      } else if (perf.verdict == Verdict::kInconclusive) {
        out << "      <skipped message=\"inconclusive\">" << xml_escaped(perf.detail)
            << "</skipped>\n";
      } else {
        out << "      <system-out>" << xml_escaped(perf.detail) << "</system-out>\n";
      }
      out << "    </testcase>\n";
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
  return out.str();
}

std::string to_markdown(const GradeReport& report) {
  std::ostringstream out;
  out << "## ptlabs: " << format_points(report.score) << "/" << format_points(report.max_score)
      << "\n\n";
  for (const auto& lab : report.labs) {
    out << "### " << lab.id << ": " << lab.title << " (" << format_points(lab.score) << "/"
        << format_points(lab.max_score) << ")\n\n";
    if (lab.public_only) out << "> " << kPublicOnlyNote << "\n\n";
    if (!lab.build.ok) {
      out << "```\n" << build_failure(lab) << "\n```\n\n";
    }
    out << "| Check | Result | Points |\n|---|---|---|\n";
    for (const auto& check : lab.tests) {
      out << "| " << markdown_cell(check.name) << " | "
          << (check.status == TestStatus::kPassed ? "OK" : to_string(check.status)) << " | "
          << format_points(check.score) << "/" << format_points(check.max_score) << " |\n";
    }
    for (const auto& perf : lab.perf) {
      out << "| perf: " << markdown_cell(perf.name) << " | " << to_string(perf.verdict)
          << " | - |\n";
    }
    out << "\n";
    for (const auto& check : lab.tests) {
      if (check.status == TestStatus::kPassed || !lab.build.ok) continue;
      out << "<details><summary>" << check.name << "</summary>\n\n```\n"
          << check.output << "\n```\n</details>\n\n";
    }
    for (const auto& perf : lab.perf) out << "- **" << perf.name << "**: " << perf.detail << "\n";
    if (!lab.perf.empty()) out << "\n";
  }
  return out.str();
}

}  // namespace ptlabs::grader
