// The text report, in the spirit of xv6's gradelib: one line per check with
// OK or FAIL and its time, the reason under a failure, `Score: x/y` last.
#pragma once

#include <string>

#include "report.hpp"
#include "style.hpp"

namespace ptlabs::grader {

std::string to_text(const GradeReport& report, const Style& style);

// Formats a score without a needless ".0": 3 -> "3", 2.5 -> "2.5".
std::string format_points(double points);

}  // namespace ptlabs::grader
