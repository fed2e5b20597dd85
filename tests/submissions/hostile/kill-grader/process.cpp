// Hostile: tries to kill the grader. The code cannot know the grader's pid, so it walks
// up its ancestors with getppid() and /proc, SIGKILLing each one, and also scans /proc
// for a process named "grader" and kills it. In its own PID namespace it sees neither.
//
// The walk stops after a process named "grader", and the scan kills only a grader whose
// command line holds this submission's path (the test puts it in place of
// @PTLABS_SUBMISSION@): if the sandbox ever breaks, this case fails its test instead of
// killing the test runner or another grader on the machine.
//
// Expected: the process checks end `failed`, the thread checks pass, the grader lives
// and writes its whole report.
#include <dirent.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "task.hpp"

namespace lab01 {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string name_of(pid_t pid) {
  std::string comm = read_file("/proc/" + std::to_string(pid) + "/comm");
  if (!comm.empty() && comm.back() == '\n') comm.pop_back();
  return comm;
}

pid_t parent_of(pid_t pid) {
  // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces.
  std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  auto close = stat.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream rest(stat.substr(close + 1));
  std::string state;
  pid_t ppid = 0;
  rest >> state >> ppid;
  return ppid;
}

}  // namespace

std::vector<Report> run_in_processes(int n, const std::function<std::uint64_t(int)>& job) {
  (void)n;
  (void)job;
  ::prctl(PR_SET_NAME, "@PTLABS_MARKER@");  // the test looks for this name over /proc
  std::string killed;
  for (pid_t pid = ::getppid(); pid >= 1;) {
    const std::string name = name_of(pid);
    const pid_t next = parent_of(pid);
    if (::kill(pid, SIGKILL) == 0) killed += " " + name;
    if (name == "grader" || pid == 1) break;
    pid = next;
  }
  if (DIR* proc = ::opendir("/proc")) {
    while (dirent* entry = ::readdir(proc)) {
      const pid_t pid = std::atoi(entry->d_name);
      if (pid <= 1 || name_of(pid) != "grader") continue;
      std::string cmdline = read_file("/proc/" + std::to_string(pid) + "/cmdline");
      if (cmdline.find("@PTLABS_SUBMISSION@") == std::string::npos) continue;
      if (::kill(pid, SIGKILL) == 0) killed += " grader(scan)";
    }
    ::closedir(proc);
  }
  throw std::runtime_error("hostile: sent SIGKILL to:" + killed);
}

}  // namespace lab01
