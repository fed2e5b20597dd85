// grader: builds students' lab code against hidden tests and grades it.
// Subcommands live in the table of cli.cpp; main() only dispatches and exits.
#include <algorithm>
#include <cstring>
#include <iostream>

#include "cli.hpp"
#include "exit_codes.hpp"

namespace {

void print_usage(std::ostream& out) {
  out << "usage: grader <command> [options]\n\ncommands:\n";
  for (const auto& command : ptlabs::grader::subcommands()) {
    std::string name = command.name;
    name.resize(std::max<std::size_t>(name.size() + 2, 12), ' ');
    out << "  " << name << command.summary << "\n";
  }
  out << "\n'grader <command> --help' describes a command's options.\n"
         "Exit status: 0 all passed, 1 something failed, 2 bad usage or input, 3 grader error.\n";
}

}  // namespace

int main(int argc, char** argv) {
  using namespace ptlabs::grader;
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0) {
    print_usage(argc < 2 ? std::cerr : std::cout);
    return argc < 2 ? kExitBadInput : kExitAllPassed;
  }
  for (const auto& command : subcommands()) {
    if (std::strcmp(argv[1], command.name) == 0) return command.run(argc - 1, argv + 1);
  }
  std::cerr << "grader: unknown command '" << argv[1] << "'\n\n";
  print_usage(std::cerr);
  return kExitBadInput;
}
