// The HTML report (`grader grade --format html`): one self-contained page for a
// student, with inline CSS and inline SVG charts, no script and no external
// asset, so it opens from disk or as a CI artifact anywhere.
//
// The page: the score, the machine and the protections; a table of labs; then per
// lab its build, its checks (a failed check shows what was expected and what came
// instead when GoogleTest said so, else its output), its perf checks with verdict,
// ratio, threshold and reason, and the charts of their recorded data
// (PerfResult::data), or a short note where there is nothing to draw. Every piece
// of text from the submission or the report is escaped.
#pragma once

#include <string>

#include "report.hpp"

namespace ptlabs::grader {

// Returns the whole HTML document for `report`.
std::string to_html(const GradeReport& report);

}  // namespace ptlabs::grader
