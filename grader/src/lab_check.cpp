#include "lab_check.hpp"

#include <sstream>

#include "cli_common.hpp"
#include "exit_codes.hpp"
#include "hint_ladder.hpp"
#include "machine.hpp"
#include "public_suite.hpp"
#include "report_text.hpp"
#include "safe_text.hpp"
#include "scoring.hpp"
#include "submission.hpp"
#include "text_format.hpp"

namespace ptlabs::grader {
namespace fs = std::filesystem;
namespace {

constexpr std::size_t kNameWidth = 56;
constexpr std::size_t kLogLines = 30;

// "  name ........ " padded to the status column.
std::string step(const std::string& name) {
  std::string line = "  " + name + " ";
  line.append(line.size() + 2 < kNameWidth ? kNameWidth - line.size() : 2, '.');
  return line + " ";
}

std::string took(double seconds) { return printf_string("(%.1fs)", seconds); }

// Each line of `text` indented, its control characters escaped: build logs, test
// output and failure texts are the submission's, and must not rewrite the terminal
// (a cursor move over the FAIL line and a fake OK).
std::string indented(const std::string& text) {
  std::istringstream in(shown_safely(text));
  std::string line, out;
  while (std::getline(in, line)) out += "      " + line + "\n";
  return out;
}

// The build log with the staged copies' paths shown as the student's own files.
std::string as_student_paths(std::string log, const fs::path& staged, const Lab& lab) {
  const std::string from = staged.string() + "/";
  const std::string to = "labs/" + lab.id + "/";
  for (auto at = log.find(from); at != std::string::npos; at = log.find(from, at + to.size())) {
    log.replace(at, from.size(), to);
  }
  return log;
}

std::string ok(const Style& style) { return style.green("OK  "); }
std::string fail(const Style& style) { return style.red("FAIL"); }

// Removes a check's work folder whatever way the check ends.
class WorkFolder {
 public:
  explicit WorkFolder(fs::path path) : path_(std::move(path)) {}
  ~WorkFolder() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  WorkFolder(const WorkFolder&) = delete;
  WorkFolder& operator=(const WorkFolder&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// After a failure: the next hint (or the last one again) and how to see more.
void print_hint(const Lab& lab, const CheckOptions& options, ProgressSession* session,
                std::ostream& out, const Style& style) {
  if (lab.hints.empty()) return;
  LabProgress& progress = session->state.labs[lab.id];
  const bool revealed = options.reveal_hint && reveal_next_hint(lab, &progress);
  const int shown = revealed_hints(lab, progress);
  out << "\n";
  if (shown > 0 && (revealed || !options.reveal_hint)) {
    out << hint_line(lab, shown, style) << "\n";
  }
  if (shown < static_cast<int>(lab.hints.size())) {
    out << "More help: " << style.bold(hint_command(lab)) << " (hints so far and the next one)\n";
  } else {
    out << "Every hint is shown (" << style.bold(hint_command(lab))
        << " lists them); the folded hints in labs/" << lab.id
        << "/README.md explain each at length.\n";
  }
}

}  // namespace

bool print_graded(const LabResult& result, std::ostream& out, const Style& style) {
  bool passed = true;
  if (!result.build.ok) {
    out << step("build with the hidden suite") << fail(style) << "\n"
        << indented(tail_lines(result.build.log, kLogLines));
    return false;
  }
  for (const auto& check : result.tests) {
    const bool ok_check = check.status == TestStatus::kPassed;
    passed = passed && ok_check;
    out << step(check.name) << (ok_check ? ok(style) : fail(style)) << " " << took(check.seconds)
        << "  " << format_points(check.score) << "/" << format_points(check.max_score) << "\n";
    if (!ok_check) out << indented(check.output);
  }
  for (const auto& perf : result.perf) {
    const std::string word = perf.verdict == Verdict::kPass   ? style.green("OK  ")
                             : perf.verdict == Verdict::kFail ? style.red("FAIL")
                                                              : style.yellow("INCONCLUSIVE");
    passed = passed && perf.verdict != Verdict::kFail;
    out << step("perf: " + perf.name) << word;
    if (perf.ratio > 0 || perf.threshold > 0) {
      out << printf_string("  %s %.2f (threshold %.2f)", perf.metric.c_str(), perf.ratio,
                           perf.threshold);
    }
    out << "\n";
    if (perf.verdict != Verdict::kPass && !perf.detail.empty()) out << indented(perf.detail);
  }
  out << "  Score: " << format_points(result.score) << "/" << format_points(result.max_score)
      << "\n";
  return passed;
}

fs::path default_checkout(const Toolchain& toolchain) {
  std::error_code ec;
  if (fs::exists("labs/labs.toml", ec)) return fs::current_path(ec);
  return toolchain.source_dir;
}

ProgressSession open_progress(const fs::path& checkout) {
  ProgressSession session;
  session.path = progress_path(checkout);
  if (!load_progress(session.path, &session.state, &session.problem)) {
    session.usable = false;
    session.state = ProgressState{};
  }
  return session;
}

bool save_session(const ProgressSession& session, std::string* err) {
  if (!session.usable) return true;
  return save_progress(session.path, session.state, err);
}

const Lab* first_unfinished_lab(const Catalog& catalog, const ProgressState& state) {
  for (const auto& lab : catalog.labs) {
    if (state.of(lab.id).status != LabStatus::kPassing) return &lab;
  }
  return nullptr;
}

int check_lab(const Toolchain& toolchain, const Catalog& catalog, const Lab& lab,
              const fs::path& checkout, const CheckOptions& options, const SandboxSetup& sandbox,
              ProgressSession* session, std::ostream& out, const Style& style,
              const ProgressFn& progress) {
  const fs::path lab_dir = find_lab_dir(checkout / "labs", lab);
  fs::path root;
  std::string err;
  if (!make_workroot(&root, &err)) {
    print_error(err);
    return kExitGraderFailed;
  }
  WorkFolder work(root);
  const CommandRunner runner = sandboxed_runner(sandbox, run_command);
  out << style.bold("Checking " + lab.id + ": " + lab.title) << "\n";

  bool passed = false;
  std::optional<double> score, max_score;
  try {
    PublicSuiteResult suite = run_public_suite(toolchain, lab, collect_lab_files(lab_dir),
                                               work.path() / "public", runner, progress);
    clear_progress();
    out << step("build with the public tests") << (suite.build.ok ? ok(style) : fail(style)) << " "
        << took(suite.build.seconds) << "\n";
    if (!suite.build.log.empty()) {
      // Errors in full; warnings of a build that worked, dimmed: they often point at the bug.
      const std::string log = indented(tail_lines(
          as_student_paths(suite.build.log, work.path() / "public" / "src", lab), kLogLines));
      out << (suite.build.ok ? style.dim(log) : log);
    }
    if (suite.build.ok) {
      out << step("public tests") << (suite.passed() ? ok(style) : fail(style)) << " "
          << took(suite.run.seconds) << "\n";
      if (!suite.passed()) out << indented(capped_text(suite.run.output, kCheckOutputBytes));
    }
    passed = suite.passed();

    const bool has_hidden = toolchain.hidden_archives.count(lab.id) > 0;
    const bool has_perf = !lab.perf.empty() && toolchain.perf_archives.count(lab.id) > 0;
    if (!has_hidden) {
      out << step("graded checks") << style.dim("not installed")
          << " (this grader has only the public tests; the course's grader runs more)\n";
    } else if (!passed) {
      out << step("graded checks") << style.dim("skipped") << " (fix the step above first)\n";
    } else {
      GradeRequest request;
      request.submission = checkout / "labs";
      request.labs = {&lab};
      request.workroot = work.path() / "graded";
      request.perf = options.perf && has_perf;
      request.machine = read_machine_info();
      fs::create_directories(request.workroot);
      GradeReport report = grade(toolchain, request, runner, progress);
      clear_progress();
      const LabResult& result = report.labs.front();
      passed = print_graded(result, out, style);
      score = result.score;
      max_score = result.max_score;
    }
    if (has_perf && !(options.perf && has_hidden && suite.passed())) {
      out << step("perf checks") << style.dim("skipped")
          << (!options.perf ? " (--no-perf)"
              : !has_hidden ? " (they run with the graded checks)"
                            : " (fix the step above first)")
          << "\n";
    }
  } catch (const CheckInterrupted&) {
    clear_progress();
    throw;
  } catch (const std::exception& e) {
    clear_progress();
    print_error(std::string("checking ") + lab.id + " failed: " + e.what());
    return kExitGraderFailed;
  }

  LabProgress& record = session->state.labs[lab.id];
  record.status = passed ? LabStatus::kPassing : LabStatus::kFailing;
  record.checked_at = utc_now_iso8601();
  if (score) {
    record.score = score;
    record.max_score = max_score;
  }
  if (passed) {
    out << style.green(lab.id + " passes.");
    const Lab* next = first_unfinished_lab(catalog, session->state);
    if (next != nullptr) {
      out << " Next: " << style.bold("grader check " + lab_key(*next)) << "\n";
    } else {
      out << " Every lab passes.\n";
    }
  } else {
    out << style.red(lab.id + " is failing.") << "\n";
    print_hint(lab, options, session, out, style);
  }
  if (!session->usable) {
    print_error(session->problem + " (this result was not recorded)");
  } else if (!save_session(*session, &err)) {
    print_error("the result was not recorded: " + err);
  }
  return passed ? kExitAllPassed : kExitSomeFailed;
}

}  // namespace ptlabs::grader
