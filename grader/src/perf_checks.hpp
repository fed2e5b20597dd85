// Performance checks: the catalogue names them per lab ([[lab.perf]], by kind);
// this dispatches each to its implementation (perf_cpu, perf_io).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "catalog.hpp"
#include "child_process.hpp"
#include "report.hpp"

namespace ptlabs::grader {

struct PerfContext {
  std::filesystem::path binary;  // the lab's perf driver linked with the submission
  std::filesystem::path rundir;  // working folder for trials
  MachineInfo machine;
  CommandRunner run;
};

// The kinds a catalogue may name in [[lab.perf]].
const std::vector<std::string>& known_perf_kinds();

// Runs one performance check. Never throws; a failure to measure is an
// inconclusive (or, for a broken submission, failed) verdict with its reason.
PerfResult run_perf_check(const PerfCheck& check, const PerfContext& context);

// The command for one trial of the perf driver.
Command trial_command(const PerfContext& context, const std::vector<std::string>& args);

}  // namespace ptlabs::grader
