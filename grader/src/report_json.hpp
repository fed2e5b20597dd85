// The JSON report: names kept stable for machines.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "report.hpp"

namespace ptlabs::grader {

nlohmann::json to_json(const GradeReport& report);

// Reads a report written by to_json() back (grader batch rebuilds its gradebook
// from the reports on disk). Every field to_json() writes is read; fields added
// later are ignored, missing optional ones keep their defaults. False (with *err
// naming the field) when a required field is missing or has the wrong type.
bool from_json(const nlohmann::json& json, GradeReport* report, std::string* err);

}  // namespace ptlabs::grader
