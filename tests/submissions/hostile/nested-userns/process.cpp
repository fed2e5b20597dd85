// Hostile: widens its own sandbox. It makes a user namespace of its own (with mount and
// cgroup namespaces), where it would hold every capability: maps its user, mounts the
// cgroup hierarchies (v2, and v1 pids and memory) and raises pids.max, memory.max and
// cpu.weight of its cgroup, so it could then start more tasks and take more memory and
// CPU than the grader allows. Bubblewrap's --disable-userns forbids any user namespace
// inside a check run: unshare() fails, and nothing is mounted or raised.
// Expected (safe): the process checks end `failed` with "mounted: nothing"; the thread
// checks pass.
#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>

#include "task.hpp"

namespace lab01 {
namespace {

bool write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  out.flush();
  return static_cast<bool>(out);
}

// Mounts `type` (with `options`) on a fresh folder under /tmp and raises what it can
// there; returns what it did, or "".
std::string mount_and_raise(const char* type, const char* options, const char* folder) {
  ::mkdir(folder, 0700);
  if (::mount("none", folder, type, 0, options) != 0) return "";
  std::string done = std::string(" ") + type + (*options != '\0' ? std::string(":") + options : "");
  for (const char* file : {"pids.max", "memory.max", "cpu.weight", "memory.limit_in_bytes"}) {
    const std::string limit = std::strcmp(file, "cpu.weight") == 0 ? "10000" : "max";
    if (write_text(std::string(folder) + "/" + file, limit)) done += std::string(" ") + file;
  }
  return done;
}

}  // namespace

std::vector<Report> run_in_processes(int n, const std::function<std::uint64_t(int)>& job) {
  (void)n;
  (void)job;
  ::prctl(PR_SET_NAME, "@PTLABS_MARKER@");  // the test looks for this name over /proc
  const uid_t uid = ::getuid();
  const gid_t gid = ::getgid();
  if (::unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWCGROUP) != 0) {
    throw std::runtime_error("hostile: no user namespace of its own (" +
                             std::string(std::strerror(errno)) + "); mounted: nothing");
  }
  write_text("/proc/self/setgroups", "deny");
  write_text("/proc/self/uid_map", "0 " + std::to_string(uid) + " 1");
  write_text("/proc/self/gid_map", "0 " + std::to_string(gid) + " 1");
  ::mount("none", "/", nullptr, MS_REC | MS_PRIVATE, nullptr);
  std::string mounted = mount_and_raise("tmpfs", "", "/tmp/ptlabs-ns-tmpfs") +
                        mount_and_raise("cgroup2", "", "/tmp/ptlabs-ns-cg2") +
                        mount_and_raise("cgroup", "pids", "/tmp/ptlabs-ns-pids") +
                        mount_and_raise("cgroup", "memory", "/tmp/ptlabs-ns-memory");
  throw std::runtime_error("hostile: made a user namespace of its own; mounted:" +
                           (mounted.empty() ? std::string(" nothing") : mounted));
}

}  // namespace lab01
