// `grader grade`: grade a submission and print or write the report.
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cxxopts.hpp>
#include <iostream>

#include "cli.hpp"
#include "cli_common.hpp"
#include "exit_codes.hpp"
#include "grade.hpp"
#include "machine.hpp"
#include "report_formats.hpp"
#include "report_html.hpp"
#include "report_json.hpp"
#include "report_text.hpp"
#include "sandbox.hpp"
#include "submission.hpp"
#include "utf8_text.hpp"

namespace ptlabs::grader {
namespace fs = std::filesystem;
namespace {

const char* const kFormats[] = {"text",     "json",      "gradescope", "junit",
                                "markdown", "classroom", "html"};

bool known_format(const std::string& format) {
  for (const char* f : kFormats) {
    if (format == f) return true;
  }
  return false;
}

// The default submission: labs/ of the checkout we are in, else of the grader's own.
fs::path default_submission(const Toolchain& toolchain) {
  std::error_code ec;
  if (fs::exists("labs/labs.toml", ec)) return "labs";
  return toolchain.source_dir / "labs";
}

// The report in `format` (one of kFormats), as written to a file.
std::string render(const GradeReport& report, const std::string& format) {
  return format == "json"         ? to_json(report).dump(2) + "\n"
         : format == "gradescope" ? to_gradescope(report).dump(2) + "\n"
         : format == "classroom"  ? to_classroom(report).dump() + "\n"
         : format == "junit"      ? to_junit(report)
         : format == "markdown"   ? to_markdown(report)
         : format == "html"       ? to_html(report)
                                  : to_text(report, Style(false));
}

// Parses a repeated --also FORMAT=FILE into (format, file) pairs. False (with *err) on a bad one.
bool parse_also(const std::vector<std::string>& values,
                std::vector<std::pair<std::string, fs::path>>* out, std::string* err) {
  for (const auto& value : values) {
    const auto equals = value.find('=');
    const std::string format = value.substr(0, equals);
    if (equals == std::string::npos || equals + 1 == value.size() || !known_format(format)) {
      *err = "--also wants FORMAT=FILE with a known format (e.g. --also junit=report.xml), not '" +
             value + "'";
      return false;
    }
    out->emplace_back(format, value.substr(equals + 1));
  }
  return true;
}

}  // namespace

int run_grade(int argc, char** argv) {
  cxxopts::Options options("grader grade",
                           "Build a submission against the hidden tests and grade it.");
  options.add_options()("submission",
                        "folder with lab folders (01-spawn/...) or a checkout with labs/",
                        cxxopts::value<std::string>())(
      "lab", "lab to grade, by id or number (repeatable; default: all)",
      cxxopts::value<std::vector<std::string>>())(
      "format", "report format: text, json, gradescope, junit, markdown, classroom or html",
      cxxopts::value<std::string>()->default_value("text"))(
      "o,output", "write the report to FILE (the text report still goes to stdout)",
      cxxopts::value<std::string>())("no-perf", "skip the performance checks")(
      "time-scale", "multiply every time limit by X (a slow or loaded machine: 2)",
      cxxopts::value<double>()->default_value("1"))(
      "keep-work", "keep the private build and run folders and print where they are")(
      "no-sandbox", "run student code without bubblewrap (the limits still apply)")(
      "also", "also write the report as FORMAT to FILE: FORMAT=FILE (repeatable)",
      cxxopts::value<std::vector<std::string>>())("h,help", "show this help");
  cxxopts::ParseResult args;
  try {
    args = options.parse(argc, argv);
  } catch (const cxxopts::exceptions::exception& e) {
    print_error(std::string(e.what()) + "; see grader grade --help");
    return kExitBadInput;
  }
  if (args.count("help")) {
    std::cout << options.help() << "\nExit status: 0 all passed, 1 something failed, "
              << "2 bad usage or input, 3 the grader itself failed.\n"
              << "\nPerformance checks carry no points. In the gradescope, classroom and junit\n"
                 "formats each is a 0-point test: `fail` a failed one, `pass` and `inconclusive`\n"
                 "passed ones whose output says which and why, so a machine that cannot show the\n"
                 "difference (one usable core, as on Gradescope's default half a CPU) never costs\n"
                 "points. A lab this grader has no hidden tests for (the student kit) is graded\n"
                 "on its public tests, one point each, and labelled public-only.\n";
    return kExitAllPassed;
  }
  if (!args.unmatched().empty()) {
    print_error("unexpected argument '" + args.unmatched().front() + "'; see grader grade --help");
    return kExitBadInput;
  }
  const std::string format = args["format"].as<std::string>();
  if (!known_format(format)) {
    print_error("unknown format '" + format +
                "'; choose text, json, gradescope, junit, markdown, classroom or html");
    return kExitBadInput;
  }

  std::vector<std::pair<std::string, fs::path>> also;
  if (args.count("also")) {
    std::string also_err;
    if (!parse_also(args["also"].as<std::vector<std::string>>(), &also, &also_err)) {
      print_error(also_err);
      return kExitBadInput;
    }
  }

  const double time_scale = args["time-scale"].as<double>();
  if (!(time_scale > 0 && time_scale <= 100)) {
    print_error("--time-scale must be a number above 0 and at most 100");
    return kExitBadInput;
  }

  Toolchain toolchain;
  Catalog catalog;
  if (!load_setup(&toolchain, &catalog)) return kExitGraderFailed;
  for (auto& lab : catalog.labs) {
    lab.time_limit_s *= time_scale;
    lab.cpu_limit_s *= time_scale;
  }

  GradeRequest request;
  request.submission = args.count("submission") ? fs::path(args["submission"].as<std::string>())
                                                : default_submission(toolchain);
  std::string err;
  if (!check_submission_dir(request.submission, &err)) {
    print_error(err);
    return kExitBadInput;
  }
  if (args.count("lab")) {
    for (const auto& key : args["lab"].as<std::vector<std::string>>()) {
      const Lab* lab = catalog.find(key, &err);
      if (lab == nullptr) {
        print_error(err);
        return kExitBadInput;
      }
      if (find_lab_dir(request.submission, *lab).empty()) {
        print_error("the submission " + request.submission.string() + " has no folder " + lab->id +
                    "/ (looked for " + (request.submission / lab->id).string() + " and " +
                    (request.submission / "labs" / lab->id).string() + ")");
        return kExitBadInput;
      }
      if (std::find(request.labs.begin(), request.labs.end(), lab) == request.labs.end()) {
        request.labs.push_back(lab);
      }
    }
    // Catalogue order, whatever the order of --lab.
    std::sort(request.labs.begin(), request.labs.end(),
              [](const Lab* a, const Lab* b) { return a->number < b->number; });
  } else {
    bool any = false;
    for (const auto& lab : catalog.labs) {
      request.labs.push_back(&lab);
      any = any || !find_lab_dir(request.submission, lab).empty();
    }
    if (!any) {
      print_error("no lab folder found in " + request.submission.string() +
                  "; expected folders named as in labs/ (e.g. " +
                  (request.submission / catalog.labs.front().id / "process.cpp").string() +
                  ") or a checkout with labs/ inside");
      return kExitBadInput;
    }
  }

  if (!make_workroot(&request.workroot, &err)) {
    print_error(err);
    return kExitGraderFailed;
  }
  request.keep_work = args.count("keep-work") > 0;
  request.perf = args.count("no-perf") == 0;
  request.machine = read_machine_info();
  become_subreaper();

  const SandboxSetup sandbox = detect_sandbox(toolchain, args.count("no-sandbox") == 0);
  GradeReport report;
  try {
    report = grade(toolchain, request, sandboxed_runner(sandbox, run_command), terminal_progress());
  } catch (const std::exception& e) {
    clear_progress();
    print_error(std::string("grading failed: ") + e.what());
    return kExitGraderFailed;
  }
  clear_progress();
  report.machine = request.machine;
  report.protections = protections(sandbox);
  make_valid_utf8(&report);  // student bytes in compiler and test output (utf8_text.hpp)

  if (request.keep_work) {
    std::cerr << "work folders kept in " << request.workroot << "\n";
  } else {
    std::error_code ec;
    fs::remove_all(request.workroot, ec);
  }

  const std::string rendered = render(report, format);
  for (const auto& [also_format, also_path] : also) {
    if (!write_file_atomically(also_path, render(report, also_format), &err)) {
      print_error(err);
      return kExitGraderFailed;
    }
    std::cerr << also_format << " report written to " << also_path.string() << "\n";
  }
  if (args.count("output")) {
    const fs::path path = args["output"].as<std::string>();
    if (!write_file_atomically(path, rendered, &err)) {
      print_error(err);
      std::cout << to_text(report, Style::for_fd(STDOUT_FILENO));
      return kExitGraderFailed;
    }
    std::cout << to_text(report, Style::for_fd(STDOUT_FILENO));
    std::cerr << "report written to " << path.string() << "\n";
  } else if (format != "text") {
    std::cout << rendered;
  } else {
    std::cout << to_text(report, Style::for_fd(STDOUT_FILENO));
  }
  return all_passed(report) ? kExitAllPassed : kExitSomeFailed;
}

}  // namespace ptlabs::grader
