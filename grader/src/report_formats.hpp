// Reports for the places courses grade in (DESIGN.md §3): Gradescope's
// results.json, JUnit XML (GitHub Classroom and CI), Markdown (CI job summaries).
//
// Performance checks carry no points. In Gradescope and JUnit they appear as
// tests worth 0 so students see them: `fail` is a failed test, `pass` and
// `inconclusive` are passed ones whose output says which (an inconclusive
// verdict, such as on Gradescope's half a CPU, never costs anything).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "report.hpp"

namespace ptlabs::grader {

// Gradescope's autograder results.json.
nlohmann::json to_gradescope(const GradeReport& report);

// JUnit XML: one testsuite per lab, one testcase per check and per perf check.
std::string to_junit(const GradeReport& report);

// Markdown: a table per lab, the perf verdicts with their reasons, the score.
std::string to_markdown(const GradeReport& report);

}  // namespace ptlabs::grader
