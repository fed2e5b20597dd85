// `grader list`: the catalogue, one lab a line, with the student's progress:
// a bar of the labs passing and each lab's status from its last `grader check`
// (progress_state.hpp). A lab never checked is "not started", whatever its
// files hold: list builds nothing, and only a check can say a lab passes.
#include <unistd.h>

#include <cxxopts.hpp>
#include <iostream>

#include "cli.hpp"
#include "cli_common.hpp"
#include "exit_codes.hpp"
#include "hint_ladder.hpp"
#include "lab_check.hpp"
#include "style.hpp"

namespace ptlabs::grader {
namespace {

// "[###------] 3/9 labs passing": one cell per lab.
std::string progress_bar(int passing, int labs, const Style& style) {
  return "[" + style.green(std::string(static_cast<std::size_t>(passing), '#')) +
         std::string(static_cast<std::size_t>(labs - passing), '-') + "] " +
         std::to_string(passing) + "/" + std::to_string(labs) + " labs passing";
}

std::string status_cell(LabStatus status, const Style& style) {
  std::string word(to_string(status));
  word.resize(11, ' ');
  switch (status) {
    case LabStatus::kPassing:
      return style.green(word);
    case LabStatus::kFailing:
      return style.red(word);
    case LabStatus::kNotStarted:
      return style.dim(word);
  }
  return word;
}

}  // namespace

int run_list(int argc, char** argv) {
  cxxopts::Options options("grader list",
                           "List the labs of the catalogue and your progress (from grader check).");
  options.add_options()("v,verbose", "also print each lab's concept")("h,help", "show this help");
  cxxopts::ParseResult args;
  try {
    args = options.parse(argc, argv);
  } catch (const cxxopts::exceptions::exception& e) {
    print_error(std::string(e.what()) + "; see grader list --help");
    return kExitBadInput;
  }
  if (args.count("help")) {
    std::cout << options.help();
    return kExitAllPassed;
  }
  Toolchain toolchain;
  Catalog catalog;
  if (!load_setup(&toolchain, &catalog)) return kExitGraderFailed;
  const Style style = Style::for_fd(STDOUT_FILENO);
  const ProgressSession session = open_progress(default_checkout(toolchain));
  if (!session.usable) print_error(session.problem);
  int total = 0;
  int passing = 0;
  for (const auto& lab : catalog.labs) {
    if (session.state.of(lab.id).status == LabStatus::kPassing) ++passing;
  }
  std::cout << progress_bar(passing, static_cast<int>(catalog.labs.size()), style) << "\n";
  for (const auto& lab : catalog.labs) {
    std::string id = lab.id;
    id.resize(16, ' ');
    std::cout << style.bold(id) << " " << status_cell(session.state.of(lab.id).status, style) << " "
              << lab.title << "  (" << lab.max_points() << " points, " << lab.checks.size()
              << " checks)\n";
    if (args.count("verbose")) std::cout << "                 " << lab.teaches << "\n";
    total += lab.max_points();
  }
  std::cout << catalog.labs.size() << " labs, " << total << " points\n";
  const Lab* next = first_unfinished_lab(catalog, session.state);
  if (next != nullptr) std::cout << "Next: grader check " << lab_key(*next) << "\n";
  return kExitAllPassed;
}

}  // namespace ptlabs::grader
