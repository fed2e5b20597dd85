// What the machine offers to the work being graded: usable cores from the CPU
// affinity mask and the cgroup CPU quota (v1 and v2) together.
//
// The parsing functions take file contents, so every cgroup layout is tested
// without the real /sys.
#pragma once

#include <optional>
#include <string>

#include "report.hpp"

namespace ptlabs::grader {

// Returns the CPU quota in cores from a cgroup v2 cpu.max line ("50000 100000"
// -> 0.5; "max 100000" -> nullopt).
std::optional<double> parse_cpu_max(const std::string& text);

// Returns the quota in cores from cgroup v1 cfs_quota_us and cfs_period_us
// contents ("-1" quota -> nullopt).
std::optional<double> parse_cfs_quota(const std::string& quota_us, const std::string& period_us);

// Returns the cgroup path of this process for a v1 controller (e.g. "cpu") or,
// with an empty controller, the v2 path, from /proc/self/cgroup contents.
std::optional<std::string> cgroup_path(const std::string& proc_self_cgroup,
                                       const std::string& controller);

// Whole cores the work may use: min(affinity, quota), rounded down, at least 1.
int usable_cores(int affinity_cores, std::optional<double> quota_cores);

// Reads the live machine: affinity, quota (the tightest along the cgroup path),
// CPU model and kernel release.
MachineInfo read_machine_info();

// The CPU quota in cores if one applies to this process, read from the live system.
std::optional<double> read_cpu_quota();

}  // namespace ptlabs::grader
