// `grader check [LAB]`: build and test one lab of the student's checkout, step
// by step, and show the next hint when it fails (lab_check.hpp).
#include <unistd.h>

#include <cxxopts.hpp>
#include <iostream>

#include "cli.hpp"
#include "cli_common.hpp"
#include "exit_codes.hpp"
#include "hint_ladder.hpp"
#include "lab_check.hpp"
#include "submission.hpp"

namespace ptlabs::grader {
namespace fs = std::filesystem;

int run_check(int argc, char** argv) {
  cxxopts::Options options(
      "grader check",
      "Build one lab of your checkout with its public tests and run them, then the graded checks\n"
      "and the performance checks this grader has. Without LAB: the first lab not yet passing.\n"
      "On a failure the next hint is shown; progress is kept in .ptlabs/progress.json.");
  options.add_options()("lab", "lab id or number (01 or 01-spawn)", cxxopts::value<std::string>())(
      "no-perf", "skip the performance checks")(
      "no-sandbox", "run your code without bubblewrap (the limits still apply)")("h,help",
                                                                                 "show this help");
  options.parse_positional({"lab"});
  options.positional_help("[LAB]");
  cxxopts::ParseResult args;
  try {
    args = options.parse(argc, argv);
  } catch (const cxxopts::exceptions::exception& e) {
    print_error(std::string(e.what()) + "; see grader check --help");
    return kExitBadInput;
  }
  if (args.count("help")) {
    std::cout << options.help() << "\nExit status: 0 the lab passes, 1 it fails, "
              << "2 bad usage or input, 3 the grader itself failed.\n";
    return kExitAllPassed;
  }
  if (!args.unmatched().empty()) {
    print_error("unexpected argument '" + args.unmatched().front() +
                "'; check takes one lab, see grader check --help");
    return kExitBadInput;
  }
  Toolchain toolchain;
  Catalog catalog;
  if (!load_setup(&toolchain, &catalog)) return kExitGraderFailed;
  const fs::path checkout = default_checkout(toolchain);
  ProgressSession session = open_progress(checkout);

  const Lab* lab = nullptr;
  std::string err;
  if (args.count("lab")) {
    lab = catalog.find(args["lab"].as<std::string>(), &err);
    if (lab == nullptr) {
      print_error(err);
      return kExitBadInput;
    }
  } else {
    lab = first_unfinished_lab(catalog, session.state);
    if (lab == nullptr) {
      std::cout << "Every lab passes (" << catalog.labs.size() << "/" << catalog.labs.size()
                << "). To check one again: grader check " << lab_key(catalog.labs.front()) << "\n";
      return kExitAllPassed;
    }
  }
  if (find_lab_dir(checkout / "labs", *lab).empty()) {
    print_error("your checkout " + checkout.string() + " has no folder labs/" + lab->id +
                "/; run grader check inside the checkout that holds labs/ (or restore the folder "
                "from git)");
    return kExitBadInput;
  }
  become_subreaper();
  const SandboxSetup sandbox = detect_sandbox(toolchain, args.count("no-sandbox") == 0);
  CheckOptions check_options;
  check_options.perf = args.count("no-perf") == 0;
  return check_lab(toolchain, catalog, *lab, checkout, check_options, sandbox, &session, std::cout,
                   Style::for_fd(STDOUT_FILENO), terminal_progress());
}

}  // namespace ptlabs::grader
