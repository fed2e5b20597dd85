// Reports for the places courses grade in (README.md, "For instructors: the
// grader"): Gradescope's results.json, GitHub Classroom's grading reporter,
// JUnit XML (CI), Markdown (CI job summaries).
//
// Performance checks carry no points. In Gradescope, Classroom and JUnit they
// appear as tests worth 0 so students see them: `fail` is a failed test, `pass`
// and `inconclusive` are passed ones whose output says which (an inconclusive
// verdict, such as on Gradescope's half a CPU, never costs anything).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "report.hpp"

namespace ptlabs::grader {

// Gradescope's autograder results.json: score, execution_time (seconds),
// Markdown output ("output_format"/"test_output_format": "md"), and per check
// name, score, max_score, status, visibility (from the catalogue) and output.
nlohmann::json to_gradescope(const GradeReport& report);

// What the GitHub Classroom grading reporter (classroom-resources/
// autograding-grading-reporter) reads, base64-encoded, from a step's `result`
// output: {"version": 1, "status": "pass"|"fail", "max_score", "tests": [{"name",
// "status", "score", "message", ...}]}. The reporter adds up tests[].score.
nlohmann::json to_classroom(const GradeReport& report);

// The words a passed 0-point test carries for an inconclusive perf verdict.
std::string inconclusive_note(const PerfResult& perf);

// JUnit XML: one testsuite per lab, one testcase per check and per perf check.
std::string to_junit(const GradeReport& report);

// Markdown: a table per lab, the perf verdicts with their reasons, the score.
std::string to_markdown(const GradeReport& report);

}  // namespace ptlabs::grader
