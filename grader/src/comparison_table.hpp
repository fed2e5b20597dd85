// The tutorial's comparison table of processes and threads, each row filled
// with numbers measured on this machine from the reference solutions' perf
// drivers. A row whose lab is not in this build says so instead of a number.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "catalog.hpp"
#include "child_process.hpp"
#include "grade.hpp"
#include "report.hpp"
#include "toolchain.hpp"

namespace ptlabs::grader {

struct TableRow {
  std::string criterion;
  std::string process;  // what the tutorial says of processes
  std::string thread;   // ... and of threads
  std::string lab;      // the lab that demonstrates the row
  bool measured = false;
  std::string evidence;  // the numbers, or why there are none
};

// Measures every row this build can measure; `progress` may be empty.
std::vector<TableRow> measure_comparison_table(const Catalog& catalog, const Toolchain& toolchain,
                                               const MachineInfo& machine, const CommandRunner& run,
                                               const std::filesystem::path& rundir,
                                               const ProgressFn& progress);

std::string table_as_text(const std::vector<TableRow>& rows, const MachineInfo& machine);
std::string table_as_markdown(const std::vector<TableRow>& rows, const MachineInfo& machine);
nlohmann::json table_as_json(const std::vector<TableRow>& rows, const MachineInfo& machine);

}  // namespace ptlabs::grader
