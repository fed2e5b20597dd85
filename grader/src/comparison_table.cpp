#include "comparison_table.hpp"

#include <algorithm>
#include <sstream>

#include "perf_checks.hpp"
#include "perf_cpu.hpp"
#include "perf_engine.hpp"
#include "perf_io.hpp"
#include "stats.hpp"
#include "text_format.hpp"

namespace ptlabs::grader {
namespace fs = std::filesystem;
namespace {

constexpr int kTableRounds = 3;

struct RowSpec {
  const char* criterion;
  const char* process;
  const char* thread;
  const char* lab;
};

// The tutorial's table, row by row, with the lab that demonstrates each row.
const RowSpec kRows[] = {
    {"Memory sharing", "private to each process, unless mapped shared (MAP_SHARED, shm_open)",
     "shared by the threads of a process", "02-sharing"},
    {"Memory footprint", "large", "small", "06-footprint"},
    {"CPU-bound work", "suited: processes run on all cores",
     "suited in native code; under an interpreter lock (CPython's GIL) threads take turns",
     "03-cpu-bound"},
    {"I/O-bound work", "works, at the cost of forks and pipes",
     "suited: a waiting thread uses no CPU", "04-io-bound"},
    {"Starting time", "slower than a thread", "faster than a process", "05-start-time"},
    {"Interruptibility", "a child process can be stopped safely (SIGTERM, then SIGKILL)",
     "a thread can be signalled or cancelled, but stopped safely only by cooperation",
     "07-interrupt"},
};

// Runs `variants` for kTableRounds interleaved rounds; false with *err if one fails.
bool measure(const std::vector<Variant>& variants, const CommandRunner& run, Samples* samples,
             std::string* err) {
  std::string failed;
  *samples = run_rounds(
      variants, RoundPlan{kTableRounds, kTableRounds}, run,
      [](const Samples&) { return Decision::kUndecided; }, nullptr, &failed);
  if (!failed.empty()) *err = "a trial failed: " + failed;
  return failed.empty();
}

std::string cpu_evidence(const PerfContext& context, ptlabs::Kernel kernel, std::string* err) {
  CpuWorkload workload;
  const int workers = std::min(context.machine.usable_cores, 64);
  if (!plan_cpu_workload(context, kernel, workers, &workload, err)) return "";
  std::vector<Variant> variants;
  for (const char* name : {"serial", "threads", "processes"}) {
    variants.push_back({name, cpu_trial(context, workload, name)});
  }
  Samples samples;
  if (!measure(variants, context.run, &samples, err)) return "";
  CpuMeasurements m;
  fill_measurements(samples, &m);
  const double serial = median(m.serial);
  return printf_string("%s kernel, %d workers: processes x%.2f, threads x%.2f over one thread",
                       std::string(ptlabs::kernel_name(kernel)).c_str(), workers,
                       serial / median(m.processes), serial / median(m.threads));
}

bool measure_cpu_row(const PerfContext& context, TableRow* row) {
  if (context.machine.usable_cores < 2) {
    row->evidence = single_core_reason(context.machine);
    return false;
  }
  std::string err;
  std::string python = cpu_evidence(context, ptlabs::Kernel::kPython, &err);
  std::string native = python.empty() ? "" : cpu_evidence(context, ptlabs::Kernel::kNative, &err);
  if (native.empty()) {
    row->evidence = "not measured: " + err;
    return false;
  }
  row->evidence = python + "; " + native + " (lab 03)";
  return true;
}

bool measure_io_row(const PerfContext& context, TableRow* row) {
  std::vector<Variant> variants;
  for (const char* name : {"threads", "processes"}) {
    variants.push_back({name, trial_command(context, {name, std::to_string(kIoPaths),
                                                      std::to_string(kIoConcurrency),
                                                      std::to_string(kIoLatencyMs)})});
  }
  Samples samples;
  std::string err;
  if (!measure(variants, context.run, &samples, &err)) {
    row->evidence = "not measured: " + err;
    return false;
  }
  const double bound =
      static_cast<double>((kIoPaths + kIoConcurrency - 1) / kIoConcurrency) * kIoLatencyMs / 1e3;
  row->evidence = printf_string(
      "%d GETs, %d ms latency, %d at once (bound %.3f s): threads %.3f s wall, %.3f s CPU; "
      "processes %.3f s wall, %.3f s CPU (lab 04)",
      kIoPaths, kIoLatencyMs, kIoConcurrency, bound, median(wall_times(samples, "threads")),
      median(cpu_times(samples, "threads")), median(wall_times(samples, "processes")),
      median(cpu_times(samples, "processes")));
  return true;
}

// Runs each (name, args) variant of a driver for kTableRounds rounds.
bool measure_variants(const PerfContext& context,
                      const std::vector<std::pair<std::string, std::vector<std::string>>>& specs,
                      Samples* samples, TableRow* row) {
  std::vector<Variant> variants;
  for (const auto& [name, args] : specs) variants.push_back({name, trial_command(context, args)});
  std::string err;
  if (measure(variants, context.run, samples, &err)) return true;
  row->evidence = "not measured: " + err;
  return false;
}

bool measure_sharing_row(const PerfContext& context, TableRow* row) {
  const int workers = std::max(2, std::min(context.machine.usable_cores, 8));
  const std::string w = std::to_string(workers);
  Samples samples;
  if (!measure_variants(
          context,
          {{"threads", {"threads", "200000", w}}, {"processes", {"processes", "200000", w}}},
          &samples, row)) {
    return false;
  }
  row->evidence = printf_string(
      "word frequencies of a %.1f MiB text with 200000 distinct words, %d workers: threads "
      "merge into one shared map in %.3f s; processes must serialise their maps through pipes, "
      "%.3f s (lab 02)",
      median(values_of(samples, "threads", "text_bytes")) / (1024.0 * 1024.0), workers,
      median(wall_times(samples, "threads")), median(wall_times(samples, "processes")));
  return true;
}

bool measure_start_row(const PerfContext& context, TableRow* row) {
  Samples samples;
  if (!measure_variants(context,
                        {{"threads", {"threads", "32"}},
                         {"processes", {"processes", "32"}},
                         {"fork", {"fork", "32"}},
                         {"spawn", {"spawn", "32"}}},
                        &samples, row)) {
    return false;
  }
  row->evidence = printf_string(
      "median start latency of 32 workers: threads %.0f us, processes %.0f us; one bare "
      "fork() %.0f us, one posix_spawn() %.0f us (lab 05)",
      median(values_of(samples, "threads", "start_latency_s")) * 1e6,
      median(values_of(samples, "processes", "start_latency_s")) * 1e6,
      median(values_of(samples, "fork", "start_latency_s")) * 1e6,
      median(values_of(samples, "spawn", "start_latency_s")) * 1e6);
  return true;
}

bool measure_footprint_row(const PerfContext& context, TableRow* row) {
  Samples samples;
  if (!measure_variants(context,
                        {{"threads", {"threads", "16", "256", "64"}},
                         {"processes", {"processes", "16", "256", "64"}},
                         {"cow-probe", {"cow-probe", "16", "256", "64"}}},
                        &samples, row)) {
    return false;
  }
  row->evidence = printf_string(
      "PSS per worker, 16 workers with 256 KiB buffers reading a 64 MiB table: threads %.0f "
      "KiB, processes %.0f KiB; a child that writes the table pays %.1f MiB for its copy "
      "(copy-on-write) (lab 06)",
      median(values_of(samples, "threads", "per_worker_bytes")) / 1024.0,
      median(values_of(samples, "processes", "per_worker_bytes")) / 1024.0,
      median(values_of(samples, "cow-probe", "per_worker_bytes")) / (1024.0 * 1024.0));
  return true;
}

bool measure_interrupt_row(const PerfContext& context, TableRow* row) {
  Samples samples;
  if (!measure_variants(context,
                        {{"process-busy", {"process", "busy", "0.2", "0.5"}},
                         {"process-ignores", {"process", "ignores-sigterm", "0.2", "0.5"}},
                         {"thread-busy", {"thread", "busy", "0.2", "0.5"}},
                         {"thread-cooperative", {"thread", "cooperative", "0.2", "0.5"}}},
                        &samples, row)) {
    return false;
  }
  // Lab 07's outcome names, in words.
  auto outcome = [&](const std::string& variant) -> std::string {
    const std::string name =
        samples[variant].empty() ? "" : samples[variant].front().data.value("outcome", "");
    if (name == "kTerminated") return "by SIGTERM";
    if (name == "kKilled") return "by SIGKILL after the grace period";
    if (name == "kNotInterruptible") return "not interruptible";
    if (name == "kStoppedCooperatively") return "stopped on request";
    return name.empty() ? "?" : name;
  };
  row->evidence = printf_string(
      "deadline 0.2 s, grace 0.5 s: a busy child process ended %s after %.2f s, one ignoring "
      "SIGTERM %s after %.2f s; a busy thread was %s (given up after %.2f s, still running), "
      "a cooperative one %s after %.2f s (lab 07)",
      outcome("process-busy").c_str(), median(wall_times(samples, "process-busy")),
      outcome("process-ignores").c_str(), median(wall_times(samples, "process-ignores")),
      outcome("thread-busy").c_str(), median(wall_times(samples, "thread-busy")),
      outcome("thread-cooperative").c_str(), median(wall_times(samples, "thread-cooperative")));
  return true;
}

std::string machine_line(const MachineInfo& machine) {
  return printf_string("Measured on this machine: %d usable cores (%d online), %s, %s.",
                       machine.usable_cores, machine.online_cores, machine.cpu_model.c_str(),
                       machine.kernel.c_str());
}

}  // namespace

std::vector<TableRow> measure_comparison_table(const Catalog& catalog, const Toolchain& toolchain,
                                               const MachineInfo& machine, const CommandRunner& run,
                                               const fs::path& rundir, const ProgressFn& progress) {
  std::vector<TableRow> rows;
  PerfLock lock;
  for (const auto& spec : kRows) {
    TableRow row{spec.criterion, spec.process, spec.thread, spec.lab, false, ""};
    std::string err;
    const bool in_catalogue = catalog.find(spec.lab, &err) != nullptr;
    auto driver = toolchain.perf_references.find(spec.lab);
    if (!in_catalogue || driver == toolchain.perf_references.end()) {
      row.evidence = std::string("no lab yet: ") + spec.lab + " is not part of this build";
      rows.push_back(std::move(row));
      continue;
    }
    if (progress) progress(std::string("measuring ") + spec.criterion + " (" + spec.lab + ")");
    PerfContext context{driver->second, rundir, machine, run};
    const std::string lab = spec.lab;
    row.measured = lab == "02-sharing"      ? measure_sharing_row(context, &row)
                   : lab == "03-cpu-bound"  ? measure_cpu_row(context, &row)
                   : lab == "04-io-bound"   ? measure_io_row(context, &row)
                   : lab == "05-start-time" ? measure_start_row(context, &row)
                   : lab == "06-footprint"  ? measure_footprint_row(context, &row)
                   : lab == "07-interrupt"  ? measure_interrupt_row(context, &row)
                                            : false;
    if (row.evidence.empty()) row.evidence = "no measurement for " + lab + " yet";
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string table_as_text(const std::vector<TableRow>& rows, const MachineInfo& machine) {
  std::ostringstream out;
  for (const auto& row : rows) {
    out << row.criterion << "\n"
        << "  process:  " << row.process << "\n"
        << "  thread:   " << row.thread << "\n"
        << "  " << (row.measured ? "measured: " : "          ") << row.evidence << "\n";
  }
  out << machine_line(machine) << "\n";
  return out.str();
}

std::string table_as_markdown(const std::vector<TableRow>& rows, const MachineInfo& machine) {
  std::ostringstream out;
  out << "| Criterion | Process | Thread | Measured here |\n|---|---|---|---|\n";
  for (const auto& row : rows) {
    out << "| " << row.criterion << " | " << row.process << " | " << row.thread << " | "
        << (row.measured ? "" : "*") << row.evidence << (row.measured ? "" : "*") << " |\n";
  }
  out << "\n" << machine_line(machine) << "\n";
  return out.str();
}

nlohmann::json table_as_json(const std::vector<TableRow>& rows, const MachineInfo& machine) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& row : rows) {
    list.push_back({{"criterion", row.criterion},
                    {"process", row.process},
                    {"thread", row.thread},
                    {"lab", row.lab},
                    {"measured", row.measured},
                    {"evidence", row.evidence}});
  }
  return {{"machine",
           {{"usable_cores", machine.usable_cores},
            {"online_cores", machine.online_cores},
            {"cpu_model", machine.cpu_model},
            {"kernel", machine.kernel}}},
          {"rows", list}};
}

}  // namespace ptlabs::grader
