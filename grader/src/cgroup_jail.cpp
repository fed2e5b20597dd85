#include "cgroup_jail.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <sstream>

#include "machine.hpp"
#include "ptlabs/clock.hpp"

namespace ptlabs::grader {
namespace fs = std::filesystem;
namespace {

std::atomic<int> g_counter{0};

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  out.flush();
  return static_cast<bool>(out);
}

// Where the hierarchy of a v1 controller (or, with "", cgroup2) is mounted.
fs::path mount_of(const std::string& controller) {
  std::ifstream in("/proc/self/mountinfo");
  std::string line;
  while (std::getline(in, line)) {
    auto dash = line.find(" - ");
    if (dash == std::string::npos) continue;
    std::istringstream before(line.substr(0, dash)), after(line.substr(dash + 3));
    std::string id, parent, devices, root, mount_point, type, source, options;
    before >> id >> parent >> devices >> root >> mount_point;
    after >> type >> source >> options;
    if (controller.empty() && type == "cgroup2") return mount_point;
    if (!controller.empty() && type == "cgroup" &&
        ("," + options + ",").find("," + controller + ",") != std::string::npos) {
      return mount_point;
    }
  }
  return {};
}

// The folder of this process's cgroup for `controller` (v1) or of its v2 cgroup.
fs::path own_cgroup(const std::string& controller) {
  fs::path mount = mount_of(controller);
  if (mount.empty()) return {};
  auto path = cgroup_path(read_text("/proc/self/cgroup"), controller);
  if (!path) return {};
  return mount / fs::path(*path).relative_path();
}

std::vector<pid_t> members(const fs::path& dir) {
  std::vector<pid_t> pids;
  std::ifstream in(dir / "cgroup.procs");
  pid_t pid;
  while (in >> pid) pids.push_back(pid);
  return pids;
}

}  // namespace

CgroupJail::CgroupJail(int max_processes, std::uint64_t memory_bytes, bool own_cpu_share) {
  const std::string name =
      "ptlabs-" + std::to_string(::getpid()) + "-" + std::to_string(g_counter.fetch_add(1));
  std::error_code ec;
  fs::path pids_parent = own_cgroup("pids");
  if (!pids_parent.empty()) {  // cgroup v1: one folder per controller
    pids_dir_ = pids_parent / name;
    if (!fs::create_directory(pids_dir_, ec) ||
        !write_text(pids_dir_ / "pids.max", std::to_string(max_processes))) {
      why_ = "cannot create a pids cgroup under " + pids_parent.string();
      fs::remove(pids_dir_, ec);
      return;
    }
    dirs_.push_back(pids_dir_);
    fs::path memory_parent = own_cgroup("memory");
    if (memory_bytes > 0 && !memory_parent.empty()) {
      fs::path memory_dir = memory_parent / name;
      if (fs::create_directory(memory_dir, ec)) {
        dirs_.push_back(memory_dir);
        write_text(memory_dir / "memory.limit_in_bytes", std::to_string(memory_bytes));
      }
    }
    // CPU accounting and share: optional extras; the run goes on without them.
    const fs::path cpuacct_parent = own_cgroup("cpuacct");
    if (!cpuacct_parent.empty() && fs::create_directory(cpuacct_parent / name, ec)) {
      dirs_.push_back(cpuacct_parent / name);
      usage_file_ = cpuacct_parent / name / "cpuacct.usage";
    }
    const fs::path cpu_parent = own_cgroup("cpu");
    if (own_cpu_share && !cpu_parent.empty() && cpu_parent != cpuacct_parent &&
        fs::create_directory(cpu_parent / name, ec)) {
      dirs_.push_back(cpu_parent / name);  // default cpu.shares: one program's weight
      cpu_share_ = true;
    } else if (own_cpu_share && cpu_parent == cpuacct_parent && !usage_file_.empty()) {
      cpu_share_ = true;  // cpu and cpuacct mounted together: the folder above has both
    }
    ok_ = true;
    return;
  }
  fs::path parent = own_cgroup("");  // cgroup v2: one folder, controllers delegated to it
  if (parent.empty() ||
      read_text(parent / "cgroup.subtree_control").find("pids") == std::string::npos) {
    why_ =
        "no cgroup v1 pids hierarchy and no cgroup v2 subtree with the pids controller "
        "delegated to this process";
    return;
  }
  pids_dir_ = parent / name;
  if (!fs::create_directory(pids_dir_, ec) ||
      !write_text(pids_dir_ / "pids.max", std::to_string(max_processes))) {
    why_ = "cannot create a cgroup under " + parent.string();
    fs::remove(pids_dir_, ec);
    return;
  }
  if (memory_bytes > 0) write_text(pids_dir_ / "memory.max", std::to_string(memory_bytes));
  dirs_.push_back(pids_dir_);
  // cpu.stat counts usage in every v2 cgroup; a share of its own needs the cpu controller.
  usage_file_ = pids_dir_ / "cpu.stat";
  usage_in_cpu_stat_ = true;
  std::istringstream controllers(read_text(parent / "cgroup.subtree_control"));
  for (std::string controller; controllers >> controller;) {
    if (controller == "cpu") cpu_share_ = own_cpu_share;
  }
  ok_ = true;
}

CgroupJail::~CgroupJail() {
  kill_all();
  std::error_code ec;
  for (const auto& dir : dirs_) fs::remove(dir, ec);
}

bool CgroupJail::add(pid_t pid) {
  bool all = true;
  for (const auto& dir : dirs_) all = write_text(dir / "cgroup.procs", std::to_string(pid)) && all;
  return all;
}

void CgroupJail::kill_all() {
  if (pids_dir_.empty()) return;
  const std::uint64_t deadline = now_ns() + 5'000'000'000ull;
  while (now_ns() < deadline) {
    auto pids = members(pids_dir_);
    if (pids.empty()) return;
    for (pid_t pid : pids) ::kill(pid, SIGKILL);
    sleep_ns(2'000'000);
  }
}

double CgroupJail::cpu_seconds() const {
  if (usage_file_.empty()) return -1;
  std::istringstream text(read_text(usage_file_));
  if (!usage_in_cpu_stat_) {
    double nanoseconds = -1;
    return (text >> nanoseconds) ? nanoseconds / 1e9 : -1;
  }
  std::string key;
  double value = 0;
  while (text >> key >> value) {
    if (key == "usage_usec") return value / 1e6;
  }
  return -1;
}

bool CgroupJail::hit_process_limit() const {
  if (pids_dir_.empty()) return false;
  std::istringstream events(read_text(pids_dir_ / "pids.events"));
  std::string key;
  long count = 0;
  while (events >> key >> count) {
    if (key == "max" && count > 0) return true;
  }
  return false;
}

bool CgroupJail::available(std::string* why) {
  CgroupJail probe(1, 0);
  if (!probe.ok()) *why = probe.why();
  return probe.ok();
}

}  // namespace ptlabs::grader
