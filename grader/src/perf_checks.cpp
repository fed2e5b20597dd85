#include "perf_checks.hpp"

#include "perf_cpu.hpp"
#include "perf_footprint.hpp"
#include "perf_io.hpp"
#include "perf_pipeline.hpp"
#include "perf_scheduler.hpp"
#include "perf_start.hpp"
#include "sandbox.hpp"

namespace ptlabs::grader {

const std::vector<std::string>& known_perf_kinds() {
  static const std::vector<std::string> kinds = {
      "python-processes-win", "native-both-scale", "io-threads-win",
      "start-latency",        "footprint",         "scheduler",
      "hybrid-wins"};
  return kinds;
}

Command trial_command(const PerfContext& context, const std::vector<std::string>& args) {
  Command command;
  command.argv.push_back(context.binary.string());
  command.argv.insert(command.argv.end(), args.begin(), args.end());
  command.workdir = context.rundir;
  command.minimal_environment = true;
  command.limits.wall_s = 120;
  command.limits.cpu_s = 600;
  command.limits.memory_bytes = 16ull << 30;
  command.limits.max_processes = kMaxProcesses;
  command.limits.max_file_bytes = kMaxFileBytes;
  command.sandbox.enabled = true;
  command.sandbox.read_only = {context.binary};
  command.sandbox.private_dir = context.rundir;
  return command;
}

PerfResult run_perf_check(const PerfCheck& check, const PerfContext& context) {
  try {
    if (check.kind == "io-threads-win") return run_io_check(check, context);
    if (check.kind == "start-latency") return run_start_check(check, context);
    if (check.kind == "footprint") return run_footprint_check(check, context);
    if (check.kind == "scheduler") return run_scheduler_check(check, context);
    if (check.kind == "hybrid-wins") return run_pipeline_check(check, context);
    return run_cpu_check(check, context);
  } catch (const std::exception& e) {
    PerfResult result;
    result.name = check.name;
    result.verdict = Verdict::kInconclusive;
    result.detail = std::string("Not judged: the measurement failed: ") + e.what();
    return result;
  }
}

}  // namespace ptlabs::grader
