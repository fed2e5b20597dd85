#include "machine.hpp"

#include <sched.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ptlabs::grader {
namespace fs = std::filesystem;
namespace {

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::optional<double> tighter(std::optional<double> a, std::optional<double> b) {
  if (!a) return b;
  if (!b) return a;
  return std::min(*a, *b);
}

// Walks from the cgroup `path` up to the root under `mount`, applying `read`
// to each folder, and returns the tightest quota found.
template <typename Reader>
std::optional<double> tightest_along(const fs::path& mount, const std::string& path, Reader read) {
  std::optional<double> best;
  fs::path dir = mount / fs::path(path).relative_path();
  for (int depth = 0; depth < 64; ++depth) {
    best = tighter(best, read(dir));
    if (dir == mount || !dir.has_parent_path() || dir.parent_path() == dir) break;
    dir = dir.parent_path();
  }
  return best;
}

// Finds where a cgroup v1 controller (or, with "", cgroup2) is mounted.
std::optional<fs::path> cgroup_mount(const std::string& controller) {
  std::ifstream in("/proc/self/mountinfo");
  std::string line;
  while (std::getline(in, line)) {
    auto dash = line.find(" - ");
    if (dash == std::string::npos) continue;
    std::istringstream before(line.substr(0, dash));
    std::istringstream after(line.substr(dash + 3));
    std::string id, parent, devices, root, mount_point, type, source, options;
    before >> id >> parent >> devices >> root >> mount_point;
    after >> type >> source >> options;
    if (controller.empty() && type == "cgroup2") return fs::path(mount_point);
    if (!controller.empty() && type == "cgroup") {
      std::istringstream opts(options);
      std::string option;
      while (std::getline(opts, option, ',')) {
        if (option == controller) return fs::path(mount_point);
      }
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<double> parse_cpu_max(const std::string& text) {
  std::istringstream in(text);
  std::string quota;
  double period = 0;
  if (!(in >> quota >> period) || quota == "max" || period <= 0) return std::nullopt;
  try {
    double q = std::stod(quota);
    if (q <= 0) return std::nullopt;
    return q / period;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::optional<double> parse_cfs_quota(const std::string& quota_us, const std::string& period_us) {
  try {
    double quota = std::stod(quota_us);
    double period = std::stod(period_us);
    if (quota <= 0 || period <= 0) return std::nullopt;
    return quota / period;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::optional<std::string> cgroup_path(const std::string& proc_self_cgroup,
                                       const std::string& controller) {
  std::istringstream in(proc_self_cgroup);
  std::string line;
  while (std::getline(in, line)) {
    auto first = line.find(':');
    auto second = line.find(':', first + 1);
    if (first == std::string::npos || second == std::string::npos) continue;
    std::string controllers = line.substr(first + 1, second - first - 1);
    std::string path = line.substr(second + 1);
    if (controller.empty()) {
      if (line.compare(0, first, "0") == 0 && controllers.empty()) return path;
      continue;
    }
    std::istringstream names(controllers);
    std::string name;
    while (std::getline(names, name, ',')) {
      if (name == controller) return path;
    }
  }
  return std::nullopt;
}

int usable_cores(int affinity_cores, std::optional<double> quota_cores) {
  double cores = std::max(1, affinity_cores);
  if (quota_cores) cores = std::min(cores, *quota_cores);
  return std::max(1, static_cast<int>(std::floor(cores + 1e-9)));
}

std::optional<double> read_cpu_quota() {
  const std::string self = read_text("/proc/self/cgroup");
  std::optional<double> quota;
  if (auto path = cgroup_path(self, "cpu"); path) {
    if (auto mount = cgroup_mount("cpu"); mount) {
      quota = tighter(quota, tightest_along(*mount, *path, [](const fs::path& dir) {
                        return parse_cfs_quota(read_text(dir / "cpu.cfs_quota_us"),
                                               read_text(dir / "cpu.cfs_period_us"));
                      }));
    }
  }
  if (auto path = cgroup_path(self, ""); path) {
    if (auto mount = cgroup_mount(""); mount) {
      quota = tighter(quota, tightest_along(*mount, *path, [](const fs::path& dir) {
                        return parse_cpu_max(read_text(dir / "cpu.max"));
                      }));
    }
  }
  return quota;
}

MachineInfo read_machine_info() {
  MachineInfo info;
  cpu_set_t set;
  CPU_ZERO(&set);
  int affinity = 1;
  if (sched_getaffinity(0, sizeof set, &set) == 0) affinity = CPU_COUNT(&set);
  info.online_cores = static_cast<int>(::sysconf(_SC_NPROCESSORS_ONLN));
  info.cpu_quota = read_cpu_quota();
  info.affinity_cores = affinity;
  info.usable_cores = usable_cores(affinity, info.cpu_quota);
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line)) {
    if (line.rfind("model name", 0) == 0) {
      auto colon = line.find(':');
      if (colon != std::string::npos) info.cpu_model = line.substr(colon + 2);
      break;
    }
  }
  utsname name{};
  if (::uname(&name) == 0) info.kernel = std::string(name.sysname) + " " + name.release;
  return info;
}

}  // namespace ptlabs::grader
