// The JSON report (DESIGN.md §3): names kept stable for machines.
#pragma once

#include <nlohmann/json.hpp>

#include "report.hpp"

namespace ptlabs::grader {

nlohmann::json to_json(const GradeReport& report);

}  // namespace ptlabs::grader
