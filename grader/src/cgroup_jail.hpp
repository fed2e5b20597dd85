// A cgroup of its own for one run of student code: a cap on the number of
// processes (the pids controller) and on memory, the CPU time of all its tasks
// together (cpuacct, or cpu.stat on v2), optionally a CPU share of its own (the
// cpu controller: the run's thousand tasks weigh as much as one other program,
// so a fork bomb cannot take the machine from other gradings), and a way to kill
// every process in it, whatever it did to leave its process group.
//
// Works with cgroup v1 (a pids and a memory hierarchy, as on this project's
// machines) and with a delegated cgroup v2 subtree. Without permission to
// create cgroups (not root, no delegation) ok() is false and why() says so;
// the caller then falls back to rlimits.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace ptlabs::grader {

class CgroupJail {
 public:
  CgroupJail(int max_processes, std::uint64_t memory_bytes, bool own_cpu_share = false);
  ~CgroupJail();  // kills what is left and removes the cgroups
  CgroupJail(const CgroupJail&) = delete;
  CgroupJail& operator=(const CgroupJail&) = delete;

  bool ok() const { return ok_; }
  const std::string& why() const { return why_; }

  // Moves `pid` into the cgroups. Call before it starts anything of its own.
  bool add(pid_t pid);

  // Kills every process in the cgroups and waits (bounded) until they are gone.
  void kill_all();

  // Returns true iff a fork failed because of the process cap.
  bool hit_process_limit() const;

  // CPU seconds (user + system) used so far by every task that was in the
  // cgroup, or a negative number when no CPU accounting is available.
  double cpu_seconds() const;

  // Returns true iff the run has a CPU share of its own (the cpu controller).
  bool has_cpu_share() const { return cpu_share_; }

  // Returns true iff cgroups can be made here; otherwise sets *why.
  static bool available(std::string* why);

 private:
  std::vector<std::filesystem::path> dirs_;  // one per controller hierarchy
  std::filesystem::path pids_dir_;
  std::filesystem::path usage_file_;  // cpuacct.usage (ns) or v2 cpu.stat (usage_usec)
  bool usage_in_cpu_stat_ = false;
  bool cpu_share_ = false;
  bool ok_ = false;
  std::string why_;
};

}  // namespace ptlabs::grader
