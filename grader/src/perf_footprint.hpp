// The memory-footprint check of lab 06: a thread costs less memory than a process.
//
// Lab 06's perf driver holds kFootprintWorkers workers alive, each with a
// private buffer, all reading a table the parent built before starting them,
// and measures the PSS (proportional set size: a shared page is split among
// the processes sharing it) of the whole process tree meanwhile. The process
// version must cost more per worker than the thread version. A framework probe
// whose children write the whole table shows what copy-on-write costs; a
// process version costing nearly as much has written to the inherited table,
// and the report says so. PSS hardly varies, so 3 rounds usually decide.
#pragma once

#include <vector>

#include "perf_checks.hpp"
#include "perf_engine.hpp"

namespace ptlabs::grader {

inline constexpr int kFootprintWorkers = 16;
inline constexpr int kFootprintBufferKib = 256;
inline constexpr int kFootprintTableMib = 64;
// A process must cost at least this much more than a thread to count as costlier.
inline constexpr double kFootprintMinExtraBytes = 16 * 1024;

struct FootprintMeasurements {
  double buffer_bytes = 0;
  double table_bytes = 0;
  std::vector<double> threads, processes, cow_probe;            // PSS per worker, bytes
  std::vector<double> thread_page_tables, process_page_tables;  // per worker, not in PSS
};

// ratio = median process cost / median thread cost, per worker.
Decision judge_footprint(const FootprintMeasurements& m, PerfResult* out);

PerfResult run_footprint_check(const PerfCheck& check, const PerfContext& context);

}  // namespace ptlabs::grader
