// `grader hint [LAB] [--reset]`: reveal the next hint of a lab's ladder (labs/labs.toml)
// and show every hint revealed so far; --reset hides them again.
#include <unistd.h>

#include <cxxopts.hpp>
#include <iostream>

#include "cli.hpp"
#include "cli_common.hpp"
#include "exit_codes.hpp"
#include "hint_ladder.hpp"
#include "lab_check.hpp"

namespace ptlabs::grader {
namespace fs = std::filesystem;

int run_hint(int argc, char** argv) {
  cxxopts::Options options("grader hint",
                           "Reveal one more hint of a lab (gentle first) and show those revealed "
                           "so far.\nWithout LAB: the first lab not yet passing. Revealed hints "
                           "are kept in .ptlabs/progress.json.");
  options.add_options()("lab", "lab id or number (01 or 01-spawn)", cxxopts::value<std::string>())(
      "reset", "hide the lab's hints again")("h,help", "show this help");
  options.parse_positional({"lab"});
  options.positional_help("[LAB]");
  cxxopts::ParseResult args;
  try {
    args = options.parse(argc, argv);
  } catch (const cxxopts::exceptions::exception& e) {
    print_error(std::string(e.what()) + "; see grader hint --help");
    return kExitBadInput;
  }
  if (args.count("help")) {
    std::cout << options.help();
    return kExitAllPassed;
  }
  if (!args.unmatched().empty()) {
    print_error("unexpected argument '" + args.unmatched().front() +
                "'; hint takes one lab, see grader hint --help");
    return kExitBadInput;
  }
  Toolchain toolchain;
  Catalog catalog;
  if (!load_setup(&toolchain, &catalog)) return kExitGraderFailed;
  ProgressSession session = open_progress(default_checkout(toolchain));
  if (!session.usable) {
    // Hints revealed are kept in the record: without it they could not be counted.
    print_error(session.problem);
    return kExitBadInput;
  }
  std::string err;
  const Lab* lab = args.count("lab") ? catalog.find(args["lab"].as<std::string>(), &err)
                                     : first_unfinished_lab(catalog, session.state);
  if (lab == nullptr && args.count("lab")) {
    print_error(err);
    return kExitBadInput;
  }
  if (lab == nullptr) {
    std::cout << "Every lab passes; name one to see its hints: grader hint "
              << lab_key(catalog.labs.front()) << "\n";
    return kExitAllPassed;
  }
  const Style style = Style::for_fd(STDOUT_FILENO);
  LabProgress& progress = session.state.labs[lab->id];
  if (args.count("reset")) {
    progress.hints_revealed = 0;
    if (!save_session(session, &err)) {
      print_error(err);
      return kExitGraderFailed;
    }
    std::cout << "The hints of " << lab->id << " are hidden again; " << hint_command(*lab)
              << " reveals the first.\n";
    return kExitAllPassed;
  }
  const bool revealed = reveal_next_hint(*lab, &progress);
  std::cout << style.bold(lab->id + ": " + lab->title) << "\n"
            << render_revealed(*lab, revealed_hints(*lab, progress), style);
  if (revealed && !save_session(session, &err)) {
    print_error(err);
    return kExitGraderFailed;
  }
  return kExitAllPassed;
}

}  // namespace ptlabs::grader
