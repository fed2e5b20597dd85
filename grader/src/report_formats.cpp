#include "report_formats.hpp"

#include <sstream>

#include "report_text.hpp"
#include "text_format.hpp"

namespace ptlabs::grader {
namespace {

std::string xml_escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        // XML 1.0 forbids most control characters, even escaped.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') {
          out += '?';
        } else {
          out += c;
        }
    }
  }
  return out;
}

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

}  // namespace

nlohmann::json to_gradescope(const GradeReport& report) {
  nlohmann::json tests = nlohmann::json::array();
  for (const auto& lab : report.labs) {
    for (const auto& check : lab.tests) {
      std::string output = check.output;
      if (!lab.build.ok) output = build_failure(lab);
      tests.push_back({{"name", lab.id + " / " + check.name},
                       {"score", check.score},
                       {"max_score", check.max_score},
                       {"status", check.status == TestStatus::kPassed ? "passed" : "failed"},
                       {"visibility", check.visibility},
                       {"output", output}});
    }
    for (const auto& perf : lab.perf) {
      tests.push_back({{"name", lab.id + " / perf: " + perf.name},
                       {"score", 0},
                       {"max_score", 0},
                       {"status", perf.verdict == Verdict::kFail ? "failed" : "passed"},
                       {"visibility", "visible"},
                       {"output", std::string(to_string(perf.verdict)) + ": " + perf.detail}});
    }
  }
  return {{"score", report.score},
          {"execution_time", report.seconds},
          {"output", to_markdown(report)},
          {"output_format", "md"},
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
