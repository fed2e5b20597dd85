// The hostile corpus (tests/submissions/hostile/, README.md there): submissions that
// attack the machine instead of solving lab 01. Each is graded by the real grader, which
// must end the attacked checks with the verdict in the table below, still write its whole
// report, and leave nothing behind: no process, no file outside its private folders, no
// line of a hidden file in the report, no connection to the host.
//
// The grader runs here under an outer limit of its own (a cgroup capping tasks and
// memory, and a wall clock), so a regression in the sandbox fails a test instead of
// taking down the machine. Every case needs bubblewrap: where it cannot run, the tests
// are skipped rather than run hostile code without isolation.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <mutex>
#include <random>
#include <regex>
#include <sstream>
#include <string_view>
#include <thread>

#include "cgroup_jail.hpp"
#include "e2e_support.hpp"
#include "ptlabs/clock.hpp"

namespace ptlabs::e2e {
namespace {
namespace fs = std::filesystem;

const std::string kLab = "01-spawn";
const std::vector<std::string>& kProcessChecks = kLab01ProcessChecks;
const std::vector<std::string>& kThreadChecks = kLab01ThreadChecks;
const std::vector<std::string> kAllChecks = joined(kProcessChecks, kThreadChecks);

// The outer limit around one grading: more than the grader gives one check (2048 tasks,
// 8 GiB), so the grader's own limits act first and this one only catches a regression.
constexpr int kOuterTasks = 4096;
constexpr std::uint64_t kOuterMemoryBytes = 10ull << 30;
constexpr double kOuterWallS = 250;  // a template bomb may use the build's whole 120 s

// "Anything but passed": the verdict of a case whose safe outcome is not one status.
const std::string kNotPassed = "!passed";

struct Grading;

struct HostileCase {
  const char* folder = "";                  // in tests/submissions/hostile/
  std::vector<std::string> attacked = {};   // checks that must end with `status`
  std::string status = {};                  // "failed", "error", "timeout" or kNotPassed
  std::vector<std::string> reason = {};     // each attacked check's output holds one of these
  std::vector<std::string> must_pass = {};  // checks the attack does not touch
  double time_scale = 0.1;                  // --time-scale: a hanging check costs 3 s
  int exit_code = 1;                        // the grader's exit status
  bool build_fails = false;                 // `reason` is then looked for in the build log
  const char* culprit = "process.cpp";      // the file a failed build's log must name
  bool leak_descriptors = false;            // the grader inherits descriptors it must not pass on
  bool alone = false;                       // storms the whole machine: no other hostile grading
                                            // may run beside it, or its checks could starve
  void (*also)(const Grading&) = nullptr;   // what else this case must show
};

std::ostream& operator<<(std::ostream& out, const HostileCase& c) { return out << c.folder; }

const std::vector<std::string> kTimedOut = {"did not finish in time"};
const std::vector<std::string> kThrew = {"hostile"};
const std::vector<std::string> kBuildLimit = {"out of memory", "memory exhausted", "CPU-time limit",
                                              "wall-clock limit"};

void expect_disk_fill_capped(const Grading& g);
void expect_leaked_file_untouched(const Grading& g);
void expect_object_cap_held(const Grading& g);
const std::vector<std::string> kForgedResults = {"did not come from the test program",
                                                 "ended during the call", "is gone",
                                                 "this implementation never runs"};

// The table of tests/submissions/hostile/README.md. Most attacks sit in run_in_processes,
// so they hit the five process checks and leave the four thread checks passing.
const HostileCase kCases[] = {
    {.folder = "fork-bomb",
     .attacked = kProcessChecks,
     .status = "timeout",
     .reason = kTimedOut,
     .must_pass = kThreadChecks,
     .alone = true},
    {.folder = "fork-bomb-static",
     .attacked = kAllChecks,
     .status = "timeout",
     .reason = kTimedOut,
     .time_scale = 0.05,
     .alone = true},
    {"endless-loop", kProcessChecks, "timeout", kTimedOut, kThreadChecks},
    {"endless-sleep", kProcessChecks, "timeout", kTimedOut, kThreadChecks},
    // Four spinning threads: the CPU-time limit ends the program running them. Where the
    // tests run in that program the check is a `timeout`; with a harness outside it, a
    // failure naming SIGXCPU. Either way no point, and the reason given.
    {.folder = "cpu-burn",
     .attacked = kProcessChecks,
     .status = kNotPassed,
     .reason = {"did not finish in time", "CPU-time limit"},
     .must_pass = kThreadChecks,
     .alone = true},
    // Only the first check bombs (8 GiB take seconds to touch), at full time limits.
    {.folder = "memory-bomb",
     .attacked = {kProcessChecks[0]},
     .status = kNotPassed,
     .reason = {"out of memory after", "did not finish in time"},
     .must_pass = kThreadChecks,
     .time_scale = 1,
     .alone = true},
    {"stdout-flood", kProcessChecks, "error", {"too much output"}, kThreadChecks},
    {"stderr-flood", kProcessChecks, "error", {"too much output"}, kThreadChecks},
    // A crash of the program running the student's code fails the check with the signal
    // named: `error` where the hidden tests run inside that program, `failed` where a
    // harness outside it reports the crash (docs/security.md).
    {"segfault", kProcessChecks, kNotPassed, {"signal 11"}, kThreadChecks},
    {"abort", kProcessChecks, kNotPassed, {"signal 6"}, kThreadChecks},
    {"terminate-in-thread", kProcessChecks, kNotPassed, {"signal 6"}, kThreadChecks},
    {"ignores-sigterm", kProcessChecks, "failed", kThrew, kThreadChecks},
    {"daemon", kProcessChecks, "failed", kThrew, kThreadChecks},
    {"zombies", kProcessChecks, "failed", kThrew, kThreadChecks},
    {"kill-group", kProcessChecks, kNotPassed, {"signal 9"}, kThreadChecks},
    {"kill-grader", kProcessChecks, "failed", kThrew, kThreadChecks},
    {"write-outside", kProcessChecks, "failed", kThrew, kThreadChecks},
    {"read-hidden", kProcessChecks, "failed", {"found none"}, kThreadChecks},
    {"network", kProcessChecks, "failed", {"refused"}, kThreadChecks},
    // Its 3000 children may meet the process cap first (`failed`) or the CPU-time limit
    // (`timeout`) on a busy machine; either way it escaped nowhere and earned nothing.
    {"cgroup-escape",
     kProcessChecks,
     kNotPassed,
     {"escaped to: nowhere", "did not finish in time"},
     kThreadChecks},
    // A working submission that closes its output: it must score like the reference.
    {.folder = "closed-output", .must_pass = kAllChecks, .exit_code = 0},
    {.folder = "template-bomb",
     .attacked = kAllChecks,
     .status = "error",
     .reason = kBuildLimit,
     .time_scale = 1,
     .build_fails = true},
    {.folder = "include-dev-zero",
     .attacked = kAllChecks,
     .status = "error",
     .reason = kBuildLimit,
     .time_scale = 1,
     .build_fails = true},
    // Every private place of a check is a capped tmpfs or memory; nothing is on the real disk.
    {.folder = "disk-fill",
     .attacked = kProcessChecks,
     .status = "failed",
     .reason = kThrew,
     .must_pass = kThreadChecks,
     .also = expect_disk_fill_capped},
    // With a harness there is no channel to find: the program ends before serving a call.
    // (Its thread.cpp is the reference's, which passes the thread checks honestly.)
    {.folder = "forged-results",
     .attacked = kProcessChecks,
     .status = kNotPassed,
     .reason = kForgedResults,
     .must_pass = kThreadChecks},
    // No user namespace can be made inside a check run, so no cgroup can be mounted.
    {"nested-userns", kProcessChecks, "failed", {"mounted: nothing"}, kThreadChecks},
    // /dev/shm is capped like /tmp; the sandbox's root and /dev are read-only.
    {.folder = "shm-fill",
     .attacked = kProcessChecks,
     .status = "failed",
     .reason = kThrew,
     .must_pass = kThreadChecks,
     .also = expect_disk_fill_capped},
    // Descriptors the grader inherited without close-on-exec never reach a check run.
    {.folder = "descriptor-hunt",
     .attacked = kProcessChecks,
     .status = "failed",
     .reason = {"descriptors found: none"},
     .must_pass = kThreadChecks,
     .leak_descriptors = true,
     .also = expect_leaked_file_untouched},
    // Results the grader cannot read make each check an error, never the grading fail.
    {.folder = "malformed-results",
     .attacked = kAllChecks,
     .status = "error",
     .reason = {"could not use the results", "build failed"}},
    // Twelve 200 MiB objects: the build stops at its object cap and says so.
    {.folder = "many-objects",
     .attacked = kAllChecks,
     .status = "error",
     .reason = {"size cap"},
     .time_scale = 1,
     .build_fails = true,
     .culprit = "big",
     .also = expect_object_cap_held},
};

// ------------------------------------------------------------------ helpers

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string first_line(const fs::path& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

// The longest run of printable ASCII in `text`: what survives any escaping of the rest.
std::string longest_ascii_run(const std::string& text) {
  std::string best, run;
  for (char ch : text) {
    if (ch >= ' ' && ch <= '~') {
      run += ch;
      if (run.size() > best.size()) best = run;
    } else {
      run.clear();
    }
  }
  return best;
}

// The start of `text`, enough to show a failure without flooding the log.
std::string shortened(const std::string& text) {
  return text.size() <= 600 ? text : text.substr(0, 600) + "...";
}

fs::path build_dir() { return fs::path(PTLABS_GRADER).parent_path().parent_path(); }

std::string home_dir() {
  const char* home = std::getenv("HOME");
  return home != nullptr && *home != '\0' ? home : "/nonexistent-home";
}

// A name unique to one grading, short enough for a process name (15 characters).
std::string new_marker() {
  static std::mutex mutex;
  static std::mt19937_64 random{std::random_device{}()};
  std::lock_guard lock(mutex);
  char text[16];
  std::snprintf(text, sizeof text, "phx%08llx",
                static_cast<unsigned long long>(random() & 0xffffffffull));
  return text;
}

// A folder for a submission outside /tmp (the sandbox hides /tmp, so a write to a
// submission there would prove nothing): /var/tmp, seen read-only inside.
class SubmissionDir {
 public:
  SubmissionDir() {
    char pattern[] = "/var/tmp/ptlabs-hostile-XXXXXX";
    char fallback[] = "/tmp/ptlabs-hostile-XXXXXX";
    const char* made = ::mkdtemp(pattern);
    if (made == nullptr) made = ::mkdtemp(fallback);
    if (made == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = made;
  }
  ~SubmissionDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  SubmissionDir(const SubmissionDir&) = delete;
  SubmissionDir& operator=(const SubmissionDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// A TCP listener on the host's loopback, outside every sandbox.
class Listener {
 public:
  Listener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
        ::listen(fd_, 16) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
      const std::string why = std::strerror(errno);
      if (fd_ >= 0) ::close(fd_);
      throw std::runtime_error("cannot listen on loopback: " + why);
    }
    port_ = ntohs(address.sin_port);
  }
  ~Listener() { ::close(fd_); }
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;
  int port() const { return port_; }
  // Returns true iff someone connected since the listener opened.
  bool was_reached() const {
    int client = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) return false;
    ::close(client);
    return true;
  }

 private:
  int fd_ = -1;
  int port_ = 0;
};

// The folders of `pid`'s cgroups that a CgroupJail made (their names start "ptlabs-").
std::vector<fs::path> jail_dirs_of(pid_t pid) {
  std::vector<fs::path> dirs;
  std::istringstream lines(read_text("/proc/" + std::to_string(pid) + "/cgroup"));
  for (std::string line; std::getline(lines, line);) {
    auto first = line.find(':');
    auto second = line.find(':', first + 1);
    if (first == std::string::npos || second == std::string::npos) continue;
    const std::string controllers = line.substr(first + 1, second - first - 1);
    const fs::path path = fs::path(line.substr(second + 1)).relative_path();
    if (path.filename().string().rfind("ptlabs-", 0) != 0) continue;
    std::vector<fs::path> mounts;
    if (controllers.empty()) {
      mounts = {"/sys/fs/cgroup", "/sys/fs/cgroup/unified"};
    } else {
      mounts = {fs::path("/sys/fs/cgroup") / controllers};
    }
    for (const auto& mount : mounts) {
      std::error_code ec;
      if (fs::exists(mount / path / "cgroup.procs", ec)) dirs.push_back(mount / path);
    }
  }
  return dirs;
}

// Every process in `dir` and in the cgroups below it.
std::vector<pid_t> processes_below(const fs::path& dir) {
  std::vector<pid_t> pids;
  std::error_code ec;
  auto add = [&](const fs::path& cgroup) {
    std::ifstream in(cgroup / "cgroup.procs");
    for (pid_t pid; in >> pid;) pids.push_back(pid);
  };
  add(dir);
  for (const auto& entry : fs::recursive_directory_iterator(dir, ec)) {
    if (entry.is_directory(ec)) add(entry.path());
  }
  return pids;
}

// Kills what is left in the jail's folders and removes the cgroups a killed grader
// could not (CgroupJail removes only its own, and only when they are empty).
void clean_jail_dirs(const std::vector<fs::path>& dirs) {
  for (const auto& dir : dirs) {
    for (int round = 0; round < 100; ++round) {
      auto pids = processes_below(dir);
      if (pids.empty()) break;
      for (pid_t pid : pids) ::kill(pid, SIGKILL);
      sleep_ns(10'000'000);
    }
    std::vector<fs::path> nested;
    std::error_code ec;
    for (const auto& entry : fs::recursive_directory_iterator(dir, ec)) {
      if (entry.is_directory(ec)) nested.push_back(entry.path());
    }
    std::sort(nested.rbegin(), nested.rend());  // deepest first
    for (const auto& path : nested) ::rmdir(path.c_str());
  }
}

struct GraderRun {
  bool started = false;
  bool timed_out = false;  // killed at kOuterWallS
  int exit_code = -1;
  int term_signal = 0;
  std::string output;
  std::vector<pid_t> left_in_jail;  // processes still in the grader's cgroups after it ended
  std::string jail_note;            // why it ran without the outer cgroup
};

std::ostream& operator<<(std::ostream& out, const GraderRun& run) {
  out << "grader: exit " << run.exit_code << ", signal " << run.term_signal
      << (run.timed_out ? ", killed at the outer wall-clock limit" : "");
  if (!run.jail_note.empty()) out << " (no outer cgroup: " << run.jail_note << ")";
  return out << "\n" << run.output.substr(0, 4000);
}

// Runs the grader with `args` from the source folder inside a cgroup of its own (a
// CgroupJail: kOuterTasks tasks, kOuterMemoryBytes) and under a wall-clock limit. Only
// async-signal-safe calls between fork and exec: other tests' threads may be running.
GraderRun run_grader_jailed(const std::vector<std::string>& args,
                            const std::vector<int>& inherit = {}) {
  GraderRun run;
  grader::CgroupJail jail(kOuterTasks, kOuterMemoryBytes);
  if (!jail.ok()) run.jail_note = jail.why();
  std::vector<std::string> argv_text = {PTLABS_GRADER};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  // Without this binary's GTEST_* settings (sharding, filters), which the grader would
  // hand on to the hidden suite.
  std::vector<std::string> env_text = {"NO_COLOR=1"};
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::string_view(*e).substr(0, 6) != "GTEST_") env_text.emplace_back(*e);
  }
  std::vector<char*> argv, envp;
  for (auto& a : argv_text) argv.push_back(a.data());
  for (auto& e : env_text) envp.push_back(e.data());
  argv.push_back(nullptr);
  envp.push_back(nullptr);
  const std::string workdir = source_dir().string();

  int out[2], go[2];
  if (::pipe2(out, O_CLOEXEC) != 0) return run;
  if (::pipe2(go, O_CLOEXEC) != 0) {
    ::close(out[0]);
    ::close(out[1]);
    return run;
  }
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::setpgid(0, 0);
    char byte;
    while (::read(go[0], &byte, 1) < 0 && errno == EINTR) {
    }
    ::dup2(out[1], STDOUT_FILENO);
    ::dup2(out[1], STDERR_FILENO);
    for (int fd : inherit) ::fcntl(fd, F_SETFD, 0);  // as a CI runner would leave them
    const int null_fd = ::open("/dev/null", O_RDONLY);
    if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
    if (::chdir(workdir.c_str()) != 0) ::_exit(126);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(out[1]);
  ::close(go[0]);
  if (pid < 0) {
    ::close(out[0]);
    ::close(go[1]);
    return run;
  }
  run.started = true;
  ::setpgid(pid, pid);
  std::vector<fs::path> jail_dirs;
  if (jail.ok() && jail.add(pid)) jail_dirs = jail_dirs_of(pid);
  (void)!::write(go[1], "g", 1);
  ::close(go[1]);

  const auto deadline = now_ns() + static_cast<std::uint64_t>(kOuterWallS * 1e9);
  int status = 0;
  bool pipe_open = true;
  char buffer[65536];
  auto read_some = [&](int timeout_ms) {
    pollfd poll_fd{out[0], POLLIN, 0};
    if (::poll(&poll_fd, 1, timeout_ms) <= 0) return;
    const ssize_t n = ::read(out[0], buffer, sizeof buffer);
    if (n == 0) pipe_open = false;
    if (n > 0 && run.output.size() < (4u << 20)) run.output.append(buffer, static_cast<size_t>(n));
  };
  while (true) {
    if (pipe_open) {
      read_some(50);
    } else {
      sleep_ns(20'000'000);
    }
    if (::waitpid(pid, &status, WNOHANG) == pid) break;
    if (now_ns() > deadline && !run.timed_out) {
      run.timed_out = true;
      ::kill(-pid, SIGKILL);
      ::kill(pid, SIGKILL);
    }
  }
  // What the grader wrote last; a survivor holding the pipe cannot keep this waiting.
  for (int i = 0; i < 20 && pipe_open; ++i) read_some(10);
  ::close(out[0]);
  if (WIFEXITED(status)) run.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) run.term_signal = WTERMSIG(status);

  // The grader has waited for everything it started; what is still in its cgroups escaped.
  for (const auto& dir : jail_dirs) {
    for (pid_t left : processes_below(dir)) run.left_in_jail.push_back(left);
  }
  std::sort(run.left_in_jail.begin(), run.left_in_jail.end());
  run.left_in_jail.erase(std::unique(run.left_in_jail.begin(), run.left_in_jail.end()),
                         run.left_in_jail.end());
  clean_jail_dirs(jail_dirs);
  return run;
}

// Processes whose name or command line holds `marker`, as "pid name".
std::vector<std::string> processes_marked(const std::string& marker) {
  std::vector<std::string> found;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || !std::isdigit(static_cast<unsigned char>(name[0]))) continue;
    if (std::stoi(name) == ::getpid()) continue;
    std::string comm = read_text(entry.path() / "comm");
    std::string cmdline = read_text(entry.path() / "cmdline");
    std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
    if (comm.find(marker) != std::string::npos || cmdline.find(marker) != std::string::npos) {
      if (!comm.empty() && comm.back() == '\n') comm.pop_back();
      found.push_back(name + " " + comm + " [" + cmdline + "]");
    }
  }
  return found;
}

// One grading of one hostile case, with everything needed to judge what it left.
struct Grading {
  const HostileCase* hostile = nullptr;
  std::string marker = new_marker();
  SubmissionDir dir;
  Listener listener;
  GraderRun run;
  std::string report_text;
  nlohmann::json report;

  fs::path submission() const { return dir.path() / "sub"; }
  fs::path report_path() const { return dir.path() / "report.json"; }
  fs::path leaked_file() const { return dir.path() / "leaked.txt"; }
  std::string daemon_pid_file() const { return "/tmp/ptlabs-daemon-" + marker + ".pid"; }

  // The files the hostile cases try to create outside the sandbox.
  std::vector<fs::path> outside_files() const {
    return {fs::path(home_dir()) / "ptlabs-owned",  "/tmp/ptlabs-owned",
            "/tmp/ptlabs-owned-" + marker,          "/var/tmp/ptlabs-owned-" + marker,
            "/dev/shm/ptlabs-owned-" + marker,      submission() / "owned",
            submission() / kLab / "owned",          source_dir() / "owned",
            source_dir() / "labs" / kLab / "owned", build_dir() / "owned",
            build_dir() / "bin" / "owned"};
  }
};

// Puts the reference solution, then the case's files with their placeholders filled in,
// into the submission folder.
void assemble(const Grading& g) {
  const fs::path lab = g.submission() / kLab;
  fs::create_directories(lab);
  fs::permissions(g.dir.path(), fs::perms::owner_all | fs::perms::group_read |
                                    fs::perms::group_exec | fs::perms::others_read |
                                    fs::perms::others_exec);
  for (const auto& entry : fs::directory_iterator(source_dir() / "solutions" / kLab)) {
    fs::copy_file(entry.path(), lab / entry.path().filename(),
                  fs::copy_options::overwrite_existing);
  }
  const std::pair<std::string, std::string> placeholders[] = {
      {"@PTLABS_MARKER@", g.marker},
      {"@PTLABS_SOURCE@", source_dir().string()},
      {"@PTLABS_BUILD@", build_dir().string()},
      {"@PTLABS_SUBMISSION@", g.submission().string()},
      {"@PTLABS_HOME@", home_dir()},
      {"@PTLABS_PORT@", std::to_string(g.listener.port())},
  };
  const fs::path overlay = source_dir() / "tests/submissions/hostile" / g.hostile->folder;
  for (const auto& entry : fs::directory_iterator(overlay)) {
    std::string text = read_text(entry.path());
    for (const auto& [placeholder, value] : placeholders) {
      for (auto at = text.find(placeholder); at != std::string::npos;
           at = text.find(placeholder, at + value.size())) {
        text.replace(at, placeholder.size(), value);
      }
    }
    std::ofstream(lab / entry.path().filename(), std::ios::trunc) << text;
  }
}

// Held while a hostile case is graded, across test processes (ctest runs tests side by
// side): shared by most cases, exclusive for one that storms the machine.
class CorpusLock {
 public:
  explicit CorpusLock(bool alone)
      : fd_(::open("/tmp/ptlabs-hostile-corpus.lock", O_RDONLY | O_CREAT | O_CLOEXEC, 0666)) {
    if (fd_ < 0) return;
    while (::flock(fd_, alone ? LOCK_EX : LOCK_SH) != 0 && errno == EINTR) {
    }
  }
  ~CorpusLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  CorpusLock(const CorpusLock&) = delete;
  CorpusLock& operator=(const CorpusLock&) = delete;

 private:
  int fd_;
};

std::unique_ptr<Grading> grade_hostile(const HostileCase& hostile, double time_scale) {
  auto g = std::make_unique<Grading>();
  g->hostile = &hostile;
  assemble(*g);
  CorpusLock lock(hostile.alone);
  // Descriptors a careless CI runner leaves open to the grader: a directory of the
  // checkout and a writable file outside every sandbox.
  std::vector<int> leaked;
  if (hostile.leak_descriptors) {
    leaked.push_back(::open(source_dir().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    leaked.push_back(
        ::open(g->leaked_file().c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644));
  }
  g->run = run_grader_jailed(
      {"grade", "--submission", g->submission().string(), "--lab", kLab, "--no-perf", "--format",
       "json", "-o", g->report_path().string(), "--time-scale", std::to_string(time_scale)},
      leaked);
  for (int fd : leaked) {
    if (fd >= 0) ::close(fd);
  }
  g->report_text = read_text(g->report_path());
  g->report = nlohmann::json::parse(g->report_text, nullptr, false);
  return g;
}

// ------------------------------------------------------------------ judging

bool sandbox_can_run() {
  static const bool can = [] {
    grader::Command probe;
    probe.argv = {"bwrap",
                  "--die-with-parent",
                  "--unshare-all",
                  "--ro-bind",
                  "/",
                  "/",
                  "--proc",
                  "/proc",
                  "--dev",
                  "/dev",
                  "/bin/true"};
    probe.limits.wall_s = 20;
    return grader::run_command(probe).succeeded();
  }();
  return can;
}

// The grader survived, graded, and wrote a whole report, with the sandbox on.
void expect_complete_report(const Grading& g) {
  EXPECT_TRUE(g.run.started);
  EXPECT_FALSE(g.run.timed_out) << g.run;
  EXPECT_EQ(g.run.term_signal, 0) << g.run;
  EXPECT_EQ(g.run.exit_code, g.hostile->exit_code) << g.run;
  ASSERT_FALSE(g.report.is_discarded()) << "the report is not JSON\n" << g.run;
  ASSERT_TRUE(g.report.is_object()) << g.run;
  EXPECT_TRUE(g.report.contains("score") && g.report.contains("max_score")) << g.report_text;
  const auto protections = g.report.value("protections", nlohmann::json::array());
  EXPECT_TRUE(std::any_of(
      protections.begin(), protections.end(),
      [](const nlohmann::json& p) { return p.get<std::string>().rfind("bubblewrap:", 0) == 0; }))
      << "the grader ran student code outside bubblewrap: " << protections.dump();
  ASSERT_TRUE(g.report.contains("labs") && g.report["labs"].size() == 1u) << g.report_text;
  const auto& lab = g.report["labs"][0];
  EXPECT_TRUE(lab.contains("build")) << g.report_text;
  std::vector<std::string> names;
  for (const auto& check : lab.value("tests", nlohmann::json::array())) {
    names.push_back(check.value("name", ""));
    const std::string status = check.value("status", "");
    EXPECT_TRUE(status == "passed" || status == "failed" || status == "error" ||
                status == "timeout")
        << check.dump();
  }
  EXPECT_EQ(names, kAllChecks) << "every check of lab 01 is in the report, in order";
}

void expect_verdicts(const Grading& g) {
  const HostileCase& c = *g.hostile;
  if (!g.report.is_object()) return;  // expect_complete_report said why
  auto holds_a_reason = [&](const std::string& text) {
    return c.reason.empty() ||
           std::any_of(c.reason.begin(), c.reason.end(), [&](const std::string& word) {
             return text.find(word) != std::string::npos;
           });
  };
  if (c.build_fails) {
    const auto& build = g.report["labs"][0]["build"];
    const std::string log = build.value("log", "");
    EXPECT_FALSE(build.value("ok", true)) << log;
    EXPECT_NE(log.find(c.culprit), std::string::npos) << "the log names the file\n" << log;
    EXPECT_TRUE(holds_a_reason(log)) << "the log names the limit\n" << log;
    EXPECT_LE(build.value("seconds", 0.0), 125.0) << "the build limits held";
  }
  for (const auto& name : c.attacked) {
    const auto* check = find_check(g.report, kLab, name);
    ASSERT_NE(check, nullptr) << name;
    const std::string output = check->value("output", "");
    const std::string status = check->value("status", "");
    if (c.status == kNotPassed) {
      EXPECT_NE(status, "passed") << name << "\n" << shortened(output);
    } else {
      EXPECT_EQ(status, c.status) << name << "\n" << shortened(output);
    }
    EXPECT_EQ(check->value("score", -1.0), 0) << name;
    if (c.build_fails) {
      EXPECT_NE(output.find("build failed"), std::string::npos) << name << "\n"
                                                                << shortened(output);
    } else {
      EXPECT_TRUE(holds_a_reason(output)) << name << ": the output must give the reason, one of "
                                          << testing::PrintToString(c.reason) << "\n"
                                          << shortened(output);
    }
  }
  for (const auto& name : c.must_pass) {
    const auto* check = find_check(g.report, kLab, name);
    ASSERT_NE(check, nullptr) << name;
    EXPECT_EQ(check->value("status", ""), "passed") << name << "\n"
                                                    << shortened(check->value("output", ""));
  }
}

// Nothing of the grading is left: no process, no file outside, no leak, no connection.
void expect_no_after_effects(const Grading& g) {
  EXPECT_TRUE(g.run.left_in_jail.empty()) << testing::PrintToString(g.run.left_in_jail)
                                          << " were still in the grader's cgroup after it ended";
  EXPECT_TRUE(processes_marked(g.marker).empty())
      << "processes of the submission survived the grading: "
      << testing::PrintToString(processes_marked(g.marker));
  for (const auto& path : g.outside_files()) {
    std::error_code ec;
    EXPECT_FALSE(fs::exists(path, ec)) << "the submission wrote " << path << " outside the sandbox";
    fs::remove(path, ec);  // so one broken run does not fail the next
  }
  std::error_code ec;
  if (fs::exists(g.daemon_pid_file(), ec)) {
    const pid_t pid = std::atoi(first_line(g.daemon_pid_file()).c_str());
    ADD_FAILURE() << "the daemon wrote its pid file " << g.daemon_pid_file()
                  << " to the real /tmp; its pid " << pid
                  << (pid > 0 && ::kill(pid, 0) == 0 ? " is alive" : " is gone");
    if (pid > 0) ::kill(pid, SIGKILL);
    fs::remove(g.daemon_pid_file(), ec);
  }
  const std::string hidden_line =
      longest_ascii_run(first_line(source_dir() / "grader/hidden" / kLab / "hidden_test.cpp"));
  const std::string solution_line =
      longest_ascii_run(first_line(source_dir() / "solutions" / kLab / "process.cpp"));
  for (const std::string* text : {&g.report_text, &g.run.output}) {
    EXPECT_EQ(text->find("ptlabs-leak"), std::string::npos) << "a hidden file was read";
    EXPECT_EQ(text->find(hidden_line), std::string::npos) << "the hidden test leaked";
    EXPECT_EQ(text->find(solution_line), std::string::npos) << "the solution leaked";
  }
  EXPECT_FALSE(g.listener.was_reached()) << "the submission reached the host's loopback";
}

// disk-fill: every place a check can write (working folder, /tmp, the results channel) is
// capped like every private place of a check (256 MiB), and none is on the real disk.
void expect_disk_fill_capped(const Grading& g) {
  const auto* check = find_check(g.report, kLab, kProcessChecks[0]);
  ASSERT_NE(check, nullptr) << g.run;
  const std::string output = check->value("output", "");
  std::smatch match;
  ASSERT_TRUE(std::regex_search(output, match, std::regex(R"(ptlabs-fill wrote (\d+) MiB)")))
      << shortened(output);
  EXPECT_LE(std::stoi(match[1].str()), 256)
      << "a place a check can write took " << match[1] << " MiB; each is capped at 256";
}

// descriptor-hunt: the writable file the grader inherited was never reached.
void expect_leaked_file_untouched(const Grading& g) {
  std::error_code ec;
  EXPECT_EQ(fs::file_size(g.leaked_file(), ec), 0u)
      << "a check run wrote to a descriptor the grader inherited: " << read_text(g.leaked_file());
}

// many-objects: the compiles that hit the cap wrote 256 MiB of objects in all at most,
// and each file is named in the log, compiled to the cap or not compiled at all.
void expect_object_cap_held(const Grading& g) {
  if (!g.report.is_object()) return;
  const std::string log = g.report["labs"][0]["build"].value("log", "");
  const std::regex kHit(R"(hit the size cap \((\d+) MiB written)");
  long written_mib = 0;
  int hits = 0;
  for (std::sregex_iterator it(log.begin(), log.end(), kHit), end; it != end; ++it) {
    written_mib += std::stol((*it)[1].str());
    ++hits;
  }
  EXPECT_GE(hits, 1) << shortened(log);
  EXPECT_LE(written_mib, 256) << "the objects of one build wrote more than the cap\n" << log;
  for (int i = 1; i <= 12; ++i) {
    char name[16];
    std::snprintf(name, sizeof name, "big%02d.cpp", i);
    EXPECT_NE(log.find(name), std::string::npos) << name << " is not in the log\n" << log;
  }
}

// ------------------------------------------------------------------ tests

class HostileSubmissions : public testing::TestWithParam<HostileCase> {};

TEST_P(HostileSubmissions, AreContainedAndGraded) {
  if (!sandbox_can_run()) GTEST_SKIP() << "bubblewrap cannot run here; no hostile code runs";
  const HostileCase& c = GetParam();
  auto g = grade_hostile(c, c.time_scale);
  expect_complete_report(*g);
  expect_verdicts(*g);
  expect_no_after_effects(*g);
  if (c.also != nullptr) c.also(*g);
}

std::string hostile_name(const testing::TestParamInfo<HostileCase>& info) {
  std::string name = info.param.folder;
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(Sandbox, HostileSubmissions, testing::ValuesIn(kCases), hostile_name);

// The whole corpus, graded two at a time as a grading server would (a storm alone), then
// one scan of /proc for every case's marker: nothing of any case survives, and no case
// keeps the grading of another from finishing. Verdicts are the per-case tests' business,
// so hanging checks get half their time here.
TEST(SandboxCorpus, NothingOfAnyCaseSurvives) {
  if (!sandbox_can_run()) GTEST_SKIP() << "bubblewrap cannot run here; no hostile code runs";
  constexpr std::size_t kAtOnce = 2;
  std::vector<std::unique_ptr<Grading>> gradings(std::size(kCases));
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> workers;
  for (std::size_t w = 0; w < kAtOnce; ++w) {
    workers.emplace_back([&] {
      for (std::size_t i = next++; i < gradings.size(); i = next++) {
        const HostileCase& c = kCases[i];
        gradings[i] = grade_hostile(c, c.status == "timeout" ? 0.05 : c.time_scale);
      }
    });
  }
  for (auto& worker : workers) worker.join();
  for (const auto& g : gradings) {
    SCOPED_TRACE(g->hostile->folder);
    expect_complete_report(*g);
    expect_no_after_effects(*g);
  }
}

}  // namespace
}  // namespace ptlabs::e2e
