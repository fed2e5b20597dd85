#include "batch_runner.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "child_process.hpp"
#include "cli_common.hpp"
#include "ptlabs/clock.hpp"
#include "report_html.hpp"
#include "report_json.hpp"
#include "submission.hpp"

namespace ptlabs::grader {
namespace fs = std::filesystem;
namespace {

// The signal that asked the batch to stop (SIGINT, SIGTERM), or 0.
volatile sig_atomic_t g_stop_signal = 0;

void on_stop_signal(int signal) { g_stop_signal = signal; }

// Installs the stop handlers for the life of the object and restores the old ones.
class StopSignals {
 public:
  StopSignals() {
    g_stop_signal = 0;
    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;  // no SA_RESTART: a sleep ends early on a signal
    ::sigaction(SIGINT, &action, &old_int_);
    ::sigaction(SIGTERM, &action, &old_term_);
  }
  ~StopSignals() {
    ::sigaction(SIGINT, &old_int_, nullptr);
    ::sigaction(SIGTERM, &old_term_, nullptr);
  }
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

 private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

bool read_text(const fs::path& path, std::string* text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::stringstream buffer;
  buffer << in.rdbuf();
  *text = buffer.str();
  return true;
}

// Reads students/<id>/report.json; false (with *err) when absent or unreadable.
bool read_report(const fs::path& path, GradeReport* report, std::string* err) {
  std::string text;
  if (!read_text(path, &text)) {
    *err = "no report at " + path.string();
    return false;
  }
  nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded()) {
    *err = path.string() + " is not valid JSON";
    return false;
  }
  return from_json(json, report, err);
}

bool is_empty_folder(const fs::path& dir) {
  std::error_code ec;
  return fs::directory_iterator(dir, ec) == fs::directory_iterator();
}

std::vector<const Lab*> labs_found(const fs::path& folder, const std::vector<const Lab*>& labs) {
  std::vector<const Lab*> found;
  for (const Lab* lab : labs) {
    if (!find_lab_dir(folder, *lab).empty()) found.push_back(lab);
  }
  return found;
}

// The one real folder inside `dir` when it holds nothing else, else "".
fs::path only_subfolder(const fs::path& dir) {
  std::error_code ec;
  fs::path only;
  int entries = 0;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    ++entries;
    if (entry.is_directory(ec) && !entry.is_symlink(ec)) only = entry.path();
  }
  return entries == 1 ? only : fs::path();
}

bool within(const fs::path& path, const fs::path& root) {
  auto p = path.begin();
  for (auto r = root.begin(); r != root.end(); ++r, ++p) {
    if (r->empty()) continue;  // a trailing separator
    if (p == path.end() || *p != *r) return false;
  }
  return true;
}

std::string fixed(double value, int decimals) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

std::string last_line(const std::string& text) {
  std::string trimmed = text;
  while (!trimmed.empty() && (trimmed.back() == '\n' || trimmed.back() == '\r')) {
    trimmed.pop_back();
  }
  const auto newline = trimmed.find_last_of('\n');
  return newline == std::string::npos ? trimmed : trimmed.substr(newline + 1);
}

// JSON text for a file; a student id that is not UTF-8 (a folder name is any
// bytes) is written with U+FFFD rather than failing the batch.
std::string dump(const nlohmann::json& json) {
  return json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

fs::path student_dir(const fs::path& out, const std::string& id) { return out / "students" / id; }

bool write_status(const fs::path& dir, const std::string& status, const std::string& detail,
                  std::string* err) {
  nlohmann::json json = {{"status", status}, {"detail", detail}};
  return write_file_atomically(dir / "status.json", dump(json), err);
}

// Pids of this process's children, from /proc (the batch runs one thread).
std::vector<pid_t> own_children() {
  std::vector<pid_t> children;
  std::error_code ec;
  for (const auto& task : fs::directory_iterator("/proc/self/task", ec)) {
    std::ifstream in(task.path() / "children");
    pid_t pid;
    while (in >> pid) children.push_back(pid);
  }
  return children;
}

// Kills and reaps every child not in `keep`: descendants of finished children that
// were re-parented here (the batch is a subreaper).
void reap_strays(const std::set<pid_t>& keep) {
  for (int round = 0; round < 100; ++round) {
    bool any = false;
    for (pid_t pid : own_children()) {
      if (keep.count(pid)) continue;
      any = true;
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
    if (!any) return;
  }
}

// One child `grader grade` at work.
struct Running {
  pid_t pid = -1;
  std::size_t index = 0;  // into the submissions
  fs::path scratch;
  std::uint64_t start_ns = 0;
  std::uint64_t deadline_ns = 0;
  bool timed_out = false;
};

class Batch {
 public:
  Batch(const BatchOptions& options, const BatchProgress& progress, BatchResult* result)
      : options_(options), progress_(progress), result_(result) {}

  bool run(std::string* err);

 private:
  void say(const std::string& line) {
    if (progress_) progress_(line);
  }
  std::string counter() const {
    return "[" + std::to_string(++done_) + "/" + std::to_string(to_do_) + "] ";
  }
  void start_next(std::size_t index);
  bool launch(std::size_t index, const Prepared& prepared, const fs::path& scratch);
  void finish(Running run, int wait_status);
  void record_not_graded(std::size_t index, const std::string& status, const std::string& detail);
  void stop_all();

  const BatchOptions& options_;
  const BatchProgress& progress_;
  BatchResult* result_;
  std::vector<Submission> submissions_;
  fs::path workroot_;
  std::vector<Running> running_;
  double timeout_s_ = 0;
  std::size_t to_do_ = 0;
  mutable std::size_t done_ = 0;
};

void Batch::record_not_graded(std::size_t index, const std::string& status,
                              const std::string& detail) {
  const Submission& s = submissions_[index];
  const fs::path dir = student_dir(options_.out, s.id);
  std::error_code ec;
  fs::create_directories(dir, ec);
  fs::remove(dir / "report.json", ec);
  fs::remove(dir / "report.html", ec);
  std::string err;
  if (!write_status(dir, status, detail, &err)) say("warning: " + err);
  ++result_->not_graded;
  say(counter() + s.id + " " + status + ": " + detail);
}

void Batch::start_next(std::size_t index) {
  const Submission& s = submissions_[index];
  const fs::path scratch = workroot_ / std::to_string(index);
  std::error_code ec;
  fs::create_directories(scratch / "files", ec);
  fs::create_directories(scratch / "tmp", ec);
  Prepared prepared =
      prepare_submission(s, scratch / "files", options_.labs, options_.archive_limits);
  if (!prepared.status.empty()) {
    record_not_graded(index, prepared.status, prepared.detail);
    fs::remove_all(scratch, ec);
    return;
  }
  if (!launch(index, prepared, scratch)) fs::remove_all(scratch, ec);
}

bool Batch::launch(std::size_t index, const Prepared& prepared, const fs::path& scratch) {
  const Submission& s = submissions_[index];
  const fs::path dir = student_dir(options_.out, s.id);
  std::error_code ec;
  fs::create_directories(dir, ec);
  // A regrade starts clean: a report left from before must not pass for this run's.
  for (const char* name : {"report.json", "report.html", "status.json"}) fs::remove(dir / name, ec);

  std::vector<std::string> args = {options_.grader.string(),
                                   "grade",
                                   "--submission",
                                   prepared.folder.string(),
                                   "--format",
                                   "json",
                                   "-o",
                                   (dir / "report.json").string(),
                                   "--time-scale",
                                   fixed(options_.time_scale, 3)};
  if (options_.labs_selected) {
    for (const Lab* lab : prepared.found) args.insert(args.end(), {"--lab", lab->id});
  }
  if (!options_.perf) args.push_back("--no-perf");
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::strncmp(*e, "TMPDIR=", 7) != 0) env.emplace_back(*e);
  }
  env.push_back("TMPDIR=" + (scratch / "tmp").string());  // the child's work folders die with it
  env.push_back("NO_COLOR=1");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);

  const int log = ::open((dir / "grade.log").c_str(),
                         O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (log < 0) {
    record_not_graded(index, "grader-error",
                      "cannot write " + (dir / "grade.log").string() + ": " + std::strerror(errno));
    return false;
  }
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::setpgid(0, 0);  // its own group: a Ctrl-C reaches the batch only, which decides
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(125);  // the batch died before prctl
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::signal(SIGINT, SIG_DFL);
    ::signal(SIGTERM, SIG_DFL);
    ::dup2(log, STDOUT_FILENO);
    ::dup2(log, STDERR_FILENO);
    const int null_fd = ::open("/dev/null", O_RDONLY);
    if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
    ::execve(argv[0], argv.data(), envp.data());
    static const char kMessage[] = "grader batch: cannot run the grader\n";
    (void)!::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
    ::_exit(127);
  }
  ::close(log);
  if (pid < 0) {
    record_not_graded(index, "grader-error",
                      std::string("cannot start a grader process: ") + std::strerror(errno));
    return false;
  }
  ::setpgid(pid, pid);
  Running run;
  run.pid = pid;
  run.index = index;
  run.scratch = scratch;
  run.start_ns = now_ns();
  run.deadline_ns = run.start_ns + static_cast<std::uint64_t>(timeout_s_ * 1e9);
  running_.push_back(run);
  return true;
}

void Batch::finish(Running run, int wait_status) {
  const Submission& s = submissions_[run.index];
  const fs::path dir = student_dir(options_.out, s.id);
  const double seconds = static_cast<double>(now_ns() - run.start_ns) / 1e9;
  std::error_code ec;
  fs::remove_all(run.scratch, ec);
  if (run.timed_out) {
    record_not_graded(run.index, "timeout",
                      "stopped after " + fixed(timeout_s_, 0) +
                          " s; raise --timeout if the "
                          "machine is slow or loaded");
    return;
  }
  const bool exited = WIFEXITED(wait_status);
  const int code = exited ? WEXITSTATUS(wait_status) : -1;
  GradeReport report;
  std::string err;
  if (exited && (code == 0 || code == 1) && read_report(dir / "report.json", &report, &err)) {
    if (!write_file_atomically(dir / "report.html", to_html(report), &err)) {
      say("warning: " + err);
    }
    StudentRecord record = graded_record(s.id, report);
    ++result_->graded;
    say(counter() + s.id + " " + record.status + " " + fixed(report.score, 1) + "/" +
        fixed(report.max_score, 1) + " (" + fixed(seconds, 1) + " s)");
    return;
  }
  std::string log;
  read_text(dir / "grade.log", &log);
  std::string why =
      exited ? "the grader exited with status " + std::to_string(code)
             : "the grader was killed by signal " + std::to_string(WTERMSIG(wait_status));
  if (exited && (code == 0 || code == 1)) why += " but its report is unusable (" + err + ")";
  const std::string tail = last_line(log);
  if (!tail.empty()) why += ": " + tail;
  record_not_graded(run.index, "grader-error", why);
}

void Batch::stop_all() {
  for (auto& run : running_) ::kill(-run.pid, SIGKILL);
  for (auto& run : running_) {
    ::waitpid(run.pid, nullptr, 0);
    std::error_code ec;
    fs::remove_all(run.scratch, ec);
    const fs::path dir = student_dir(options_.out, submissions_[run.index].id);
    fs::remove(dir / "report.json", ec);  // half-done work is not a result
  }
  running_.clear();
  reap_strays({});
}

bool Batch::run(std::string* err) {
  std::vector<std::string> warnings;
  if (!list_submissions(options_.submissions, &submissions_, &warnings, err)) return false;
  for (const auto& w : warnings) say("warning: " + w);
  result_->students = static_cast<int>(submissions_.size());
  std::error_code ec;
  fs::create_directories(options_.out / "students", ec);
  if (ec) {
    *err = "cannot create " + (options_.out / "students").string() + ": " + ec.message() +
           "; choose a writable --out folder";
    return false;
  }
  if (!make_workroot(&workroot_, err)) return false;
  timeout_s_ =
      options_.timeout_s > 0 ? options_.timeout_s : default_timeout(options_, options_.labs.size());

  std::vector<std::size_t> queue;
  for (std::size_t i = 0; i < submissions_.size(); ++i) {
    const fs::path dir = student_dir(options_.out, submissions_[i].id);
    if (!options_.force && fs::exists(dir / "report.json", ec)) {
      ++result_->skipped;
      continue;
    }
    queue.push_back(i);
  }
  to_do_ = queue.size();
  if (result_->skipped > 0) {
    say(std::to_string(result_->skipped) + " students already graded, skipped (--force regrades)");
  }

  // Children of children that outlive them are re-parented here and reaped.
  become_subreaper();
  StopSignals signals;
  std::size_t next = 0;
  while (g_stop_signal == 0 && (next < queue.size() || !running_.empty())) {
    while (g_stop_signal == 0 && next < queue.size() &&
           running_.size() < static_cast<std::size_t>(std::max(1, options_.jobs))) {
      start_next(queue[next++]);
    }
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, WNOHANG);
    if (pid > 0) {
      auto it = std::find_if(running_.begin(), running_.end(),
                             [&](const Running& r) { return r.pid == pid; });
      if (it != running_.end()) {
        Running done = *it;
        running_.erase(it);
        ::kill(-done.pid, SIGKILL);  // anything left in its group
        std::set<pid_t> keep;
        for (const auto& r : running_) keep.insert(r.pid);
        reap_strays(keep);
        finish(done, status);
      }
      continue;  // more may be waiting
    }
    const std::uint64_t now = now_ns();
    for (auto& run : running_) {
      if (!run.timed_out && now > run.deadline_ns) {
        run.timed_out = true;
        ::kill(-run.pid, SIGKILL);
      }
    }
    timespec pause{0, 50'000'000};
    ::nanosleep(&pause, nullptr);  // one try: a stop signal ends it early
  }
  if (g_stop_signal != 0) {
    result_->interrupted = g_stop_signal;
    say("interrupted: stopping " + std::to_string(running_.size()) +
        " running grader(s); finished students are kept, run the same command to go on");
    stop_all();
  }
  reap_strays({});
  fs::remove_all(workroot_, ec);
  return write_class_results(options_.out, submissions_, options_.labs, &result_->records, err);
}

}  // namespace

bool list_submissions(const fs::path& dir, std::vector<Submission>* out,
                      std::vector<std::string>* warnings, std::string* err) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    *err = "submissions folder " + dir.string() +
           " is not a folder; pass --submissions DIR holding one folder (or .zip / .tar.gz) "
           "per student";
    return false;
  }
  std::map<std::string, Submission> by_id;
  std::vector<Submission> archives;
  fs::directory_iterator it(dir, ec);
  if (ec) {
    *err = "cannot read " + dir.string() + ": " + ec.message();
    return false;
  }
  for (const auto& entry : it) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.front() == '.') continue;
    if (entry.is_symlink(ec) || entry.is_directory(ec)) {
      by_id[name] = {name, entry.path(), false};
    } else if (entry.is_regular_file(ec) && is_supported_archive(entry.path())) {
      archives.push_back({archive_stem(entry.path()), entry.path(), true});
    } else {
      warnings->push_back(name + " is neither a folder nor a .zip / .tar.gz; ignored");
    }
  }
  for (auto& a : archives) {
    if (a.id.empty()) {
      warnings->push_back(a.path.filename().string() + " has no name before its suffix; ignored");
    } else if (by_id.count(a.id)) {
      warnings->push_back(a.path.filename().string() + " ignored: " + by_id[a.id].path.string() +
                          " is graded for student " + a.id);
    } else {
      by_id[a.id] = a;
    }
  }
  out->clear();
  for (auto& [id, submission] : by_id) out->push_back(submission);
  return true;
}

std::string escaping_symlink(const fs::path& root) {
  std::error_code ec;
  const fs::path real_root = fs::canonical(root, ec);
  if (ec) return ".";
  fs::recursive_directory_iterator it(root, fs::directory_options::none, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_symlink(ec)) continue;
    // Where the link leads, resolved lexically and through the real folders above it.
    const fs::path target = fs::read_symlink(it->path(), ec);
    const fs::path resolved =
        fs::weakly_canonical(target.is_absolute() ? target : it->path().parent_path() / target, ec);
    if (ec || !within(resolved, real_root)) return it->path().lexically_relative(root).string();
  }
  return "";
}

Prepared prepare_submission(const Submission& submission, const fs::path& scratch,
                            const std::vector<const Lab*>& labs, const ExtractLimits& limits) {
  Prepared prepared;
  std::error_code ec;
  fs::path folder = submission.path;
  if (fs::is_symlink(fs::symlink_status(submission.path, ec))) {
    prepared.status = "unsafe-symlink";
    prepared.detail =
        submission.path.filename().string() + " is a symbolic link; submit the folder itself";
    return prepared;
  }
  if (submission.archive) {
    ExtractResult extracted = extract_archive(submission.path, scratch, limits);
    switch (extracted.error) {
      case ExtractError::kNone:
        break;
      case ExtractError::kUnsafe:
        prepared.status = "unsafe-archive";
        break;
      case ExtractError::kTooLarge:
        prepared.status = "archive-too-large";
        break;
      case ExtractError::kCorrupt:
        prepared.status = "bad-archive";
        break;
      case ExtractError::kIo:
        prepared.status = "grader-error";
        break;
    }
    if (!prepared.status.empty()) {
      prepared.detail = extracted.message;
      return prepared;
    }
    folder = scratch;
  }
  if (is_empty_folder(folder)) {
    prepared.status = "empty";
    prepared.detail = "the submission holds no files";
    return prepared;
  }
  const std::string link = escaping_symlink(folder);
  if (!link.empty()) {
    prepared.status = "unsafe-symlink";
    prepared.detail =
        link + " is a symbolic link leading outside the submission; replace it with the file";
    return prepared;
  }
  prepared.found = labs_found(folder, labs);
  if (prepared.found.empty()) {
    if (const fs::path inner = only_subfolder(folder); !inner.empty()) {
      prepared.found = labs_found(inner, labs);
      if (!prepared.found.empty()) folder = inner;
    }
  }
  if (prepared.found.empty()) {
    prepared.status = "wrong-layout";
    prepared.detail = "no lab folder found (expected e.g. " +
                      (labs.empty() ? std::string("01-spawn") : labs.front()->id) +
                      "/process.cpp at the top, or labs/<lab>/)";
    return prepared;
  }
  prepared.folder = folder;
  return prepared;
}

double default_timeout(const BatchOptions& options, std::size_t labs) {
  const double per_lab = 300 + (options.perf ? 600.0 * std::max(1, options.jobs) : 0);
  return per_lab * static_cast<double>(std::max<std::size_t>(1, labs)) * options.time_scale;
}

bool write_class_results(const fs::path& out, const std::vector<Submission>& students,
                         const std::vector<const Lab*>& labs, std::vector<StudentRecord>* records,
                         std::string* err) {
  records->clear();
  for (const auto& s : students) {
    const fs::path dir = student_dir(out, s.id);
    GradeReport report;
    std::string why;
    std::error_code ec;
    if (fs::exists(dir / "report.json", ec)) {
      if (read_report(dir / "report.json", &report, &why)) {
        records->push_back(graded_record(s.id, std::move(report)));
      } else {
        records->push_back({s.id, "grader-error", why + "; regrade with --force", std::nullopt});
      }
      continue;
    }
    std::string text;
    nlohmann::json status;
    if (read_text(dir / "status.json", &text)) {
      status = nlohmann::json::parse(text, nullptr, false);
    }
    if (status.is_object() && status.value("status", "") != "") {
      records->push_back(
          {s.id, status.value("status", ""), status.value("detail", ""), std::nullopt});
    } else {
      records->push_back({s.id, "pending", "not graded yet", std::nullopt});
    }
  }
  const ClassSummary summary = summarize(*records, labs);
  return write_file_atomically(out / "gradebook.csv", gradebook_csv(*records, labs), err) &&
         write_file_atomically(out / "summary.json", dump(to_json(summary)), err) &&
         write_file_atomically(out / "summary.html", class_summary_html(summary), err);
}

bool grade_class(const BatchOptions& options, const BatchProgress& progress, BatchResult* result,
                 std::string* err) {
  Batch batch(options, progress, result);
  return batch.run(err);
}

}  // namespace ptlabs::grader
