// `grader batch`: grade a whole class, one child grader per student.
#include <algorithm>
#include <cxxopts.hpp>
#include <iostream>

#include "batch_runner.hpp"
#include "cli.hpp"
#include "cli_common.hpp"
#include "exit_codes.hpp"
#include "machine.hpp"

namespace ptlabs::grader {
namespace fs = std::filesystem;
namespace {

std::string statuses_help() {
  std::string text = "Statuses in the gradebook:\n";
  for (const auto& status : batch_statuses()) {
    std::string name = status.name;
    name.resize(19, ' ');
    text += "  " + name + status.meaning + "\n";
  }
  return text;
}

const char* const kHelpTail =
    "\nEach student is graded by a child `grader grade` process (a crash or hang of one\n"
    "never stops the batch; --timeout bounds it). Up to --jobs children run at once.\n"
    "Performance checks never overlap, also across --jobs: each holds the lock\n"
    "/tmp/ptlabs-perf.lock ($PTLABS_PERF_LOCK) while it measures. Other children keep\n"
    "compiling meanwhile, which adds noise: for perf verdicts you will quote, use --jobs 1.\n"
    "\nResuming: a student whose students/<id>/report.json exists is skipped unless\n"
    "--force; the others (never graded, or not graded for a reason) are graded again.\n"
    "Ctrl-C or SIGTERM kills the running graders, keeps finished students, and rebuilds\n"
    "gradebook.csv and summary.{html,json} from all reports; run the same command to go on.\n"
    "\nArchives (<id>.zip, <id>.tar.gz, <id>.tgz) are unpacked with a 64 MiB and\n"
    "10000-entry cap; links, absolute paths and '..' in them are refused.\n\n";

}  // namespace

int run_batch(int argc, char** argv) {
  cxxopts::Options options("grader batch",
                           "Grade a class: one folder (or .zip / .tar.gz) per student in "
                           "--submissions, results in --out.");
  options.add_options()("submissions", "folder with one submission per student (required)",
                        cxxopts::value<std::string>())(
      "out", "folder for the gradebook, summary and per-student reports (required)",
      cxxopts::value<std::string>())(
      "j,jobs", "students graded at once (default: usable cores of this machine)",
      cxxopts::value<int>())("force", "regrade students that already have a report")(
      "lab", "lab to grade, by id or number (repeatable; default: all)",
      cxxopts::value<std::vector<std::string>>())("no-perf", "skip the performance checks")(
      "timeout",
      "wall-clock seconds one student may take (default: 300 per lab, +600 x jobs "
      "per lab with perf checks)",
      cxxopts::value<double>())(
      "time-scale", "multiply every time limit by X (a slow or loaded machine: 2)",
      cxxopts::value<double>()->default_value("1"))("h,help", "show this help");
  cxxopts::ParseResult args;
  try {
    args = options.parse(argc, argv);
  } catch (const cxxopts::exceptions::exception& e) {
    print_error(std::string(e.what()) + "; see grader batch --help");
    return kExitBadInput;
  }
  if (args.count("help")) {
    std::cout << options.help() << kHelpTail << statuses_help()
              << "\nOutput: gradebook.csv (student, one column per lab, total, max, status, "
                 "detail),\nsummary.html and summary.json (score histogram, failure rate of "
                 "each check with\nthe lab's concept), students/<id>/report.{json,html}.\n"
              << "\nExit status: 0 the batch ran (whatever the students scored), 2 bad usage or "
                 "input,\n3 the grader itself failed; 130 / 143 interrupted by SIGINT / "
                 "SIGTERM.\n";
    return kExitAllPassed;
  }
  if (!args.unmatched().empty()) {
    print_error("unexpected argument '" + args.unmatched().front() + "'; see grader batch --help");
    return kExitBadInput;
  }
  if (!args.count("submissions") || !args.count("out")) {
    print_error("grader batch needs --submissions DIR and --out DIR; see grader batch --help");
    return kExitBadInput;
  }

  BatchOptions batch;
  batch.submissions = args["submissions"].as<std::string>();
  batch.out = args["out"].as<std::string>();
  std::error_code ec;
  if (!fs::is_directory(batch.submissions, ec)) {
    print_error("--submissions " + batch.submissions.string() +
                " is not a folder; pass the folder holding one folder or archive per student");
    return kExitBadInput;
  }
  if (fs::exists(batch.out, ec) && !fs::is_directory(batch.out, ec)) {
    print_error("--out " + batch.out.string() + " exists and is not a folder; choose another");
    return kExitBadInput;
  }
  batch.jobs = args.count("jobs") ? args["jobs"].as<int>() : read_machine_info().usable_cores;
  if (batch.jobs < 1 || batch.jobs > 256) {
    print_error("--jobs must be between 1 and 256");
    return kExitBadInput;
  }
  batch.time_scale = args["time-scale"].as<double>();
  if (!(batch.time_scale > 0 && batch.time_scale <= 100)) {
    print_error("--time-scale must be a number above 0 and at most 100");
    return kExitBadInput;
  }
  if (args.count("timeout")) {
    batch.timeout_s = args["timeout"].as<double>();
    if (!(batch.timeout_s > 0)) {
      print_error("--timeout must be a number of seconds above 0");
      return kExitBadInput;
    }
  }
  batch.force = args.count("force") > 0;
  batch.perf = args.count("no-perf") == 0;

  Toolchain toolchain;
  Catalog catalog;
  if (!load_setup(&toolchain, &catalog)) return kExitGraderFailed;
  std::string err;
  if (args.count("lab")) {
    batch.labs_selected = true;
    for (const auto& key : args["lab"].as<std::vector<std::string>>()) {
      const Lab* lab = catalog.find(key, &err);
      if (lab == nullptr) {
        print_error(err);
        return kExitBadInput;
      }
      if (std::find(batch.labs.begin(), batch.labs.end(), lab) == batch.labs.end()) {
        batch.labs.push_back(lab);
      }
    }
    std::sort(batch.labs.begin(), batch.labs.end(),
              [](const Lab* a, const Lab* b) { return a->number < b->number; });
  } else {
    for (const auto& lab : catalog.labs) batch.labs.push_back(&lab);
  }
  batch.grader = fs::read_symlink("/proc/self/exe", ec);
  if (ec) {
    print_error("cannot find the grader's own executable (/proc/self/exe): " + ec.message());
    return kExitGraderFailed;
  }

  BatchResult result;
  const bool ran = grade_class(
      batch, [](const std::string& line) { std::cerr << line << "\n"; }, &result, &err);
  if (!ran) {
    print_error(err);
    return kExitGraderFailed;
  }
  std::cout << result.students << " students: " << result.graded << " graded now, "
            << result.skipped << " already graded, " << result.not_graded
            << " not graded (see the status column)\n"
            << "gradebook: " << (batch.out / "gradebook.csv").string() << "\n"
            << "summary:   " << (batch.out / "summary.html").string() << "\n";
  if (result.interrupted != 0) {
    std::cout << "interrupted: run the same command again to grade the rest\n";
    return 128 + result.interrupted;
  }
  return kExitAllPassed;
}

}  // namespace ptlabs::grader
