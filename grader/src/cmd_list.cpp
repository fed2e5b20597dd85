// `grader list`: the catalogue, one lab a line.
#include <unistd.h>

#include <cxxopts.hpp>
#include <iostream>

#include "cli.hpp"
#include "cli_common.hpp"
#include "exit_codes.hpp"
#include "style.hpp"

namespace ptlabs::grader {

int run_list(int argc, char** argv) {
  cxxopts::Options options("grader list", "List the labs of the catalogue.");
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
  int total = 0;
  for (const auto& lab : catalog.labs) {
    std::string id = lab.id;
    id.resize(16, ' ');
    std::cout << style.bold(id) << " " << lab.title << "  (" << lab.max_points() << " points, "
              << lab.checks.size() << " checks)\n";
    if (args.count("verbose")) std::cout << "                 " << lab.teaches << "\n";
    total += lab.max_points();
  }
  std::cout << catalog.labs.size() << " labs, " << total << " points\n";
  return kExitAllPassed;
}

}  // namespace ptlabs::grader
