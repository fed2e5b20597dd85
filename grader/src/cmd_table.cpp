// `grader table`: the tutorial's process/thread comparison, measured here.
#include <unistd.h>

#include <cxxopts.hpp>
#include <iostream>

#include "cli.hpp"
#include "cli_common.hpp"
#include "comparison_table.hpp"
#include "exit_codes.hpp"
#include "machine.hpp"
#include "sandbox.hpp"

namespace ptlabs::grader {
namespace fs = std::filesystem;

int run_table(int argc, char** argv) {
  cxxopts::Options options(
      "grader table",
      "Fill the tutorial's comparison of processes and threads with numbers measured on this "
      "machine from the reference solutions. Every run also saves the table as JSON to "
      "<build>/share/ptlabs/measured-table.json, where `grader docs` finds it.");
  options.add_options()("format", "text, markdown or json",
                        cxxopts::value<std::string>()->default_value("text"))(
      "o,output", "write the table to FILE instead of stdout", cxxopts::value<std::string>())(
      "h,help", "show this help");
  cxxopts::ParseResult args;
  try {
    args = options.parse(argc, argv);
  } catch (const cxxopts::exceptions::exception& e) {
    print_error(std::string(e.what()) + "; see grader table --help");
    return kExitBadInput;
  }
  if (args.count("help")) {
    std::cout << options.help();
    return kExitAllPassed;
  }
  const std::string format = args["format"].as<std::string>();
  if (format != "text" && format != "markdown" && format != "json") {
    print_error("unknown format '" + format + "'; choose text, markdown or json");
    return kExitBadInput;
  }
  if (!args.unmatched().empty()) {
    print_error("unexpected argument '" + args.unmatched().front() + "'; see grader table --help");
    return kExitBadInput;
  }
  Toolchain toolchain;
  Catalog catalog;
  if (!load_setup(&toolchain, &catalog)) return kExitGraderFailed;
  fs::path workroot;
  std::string err;
  if (!make_workroot(&workroot, &err)) {
    print_error(err);
    return kExitGraderFailed;
  }
  become_subreaper();
  const MachineInfo machine = read_machine_info();
  const SandboxSetup sandbox = detect_sandbox(toolchain, true);
  auto rows =
      measure_comparison_table(catalog, toolchain, machine, sandboxed_runner(sandbox, run_command),
                               workroot, terminal_progress());
  clear_progress();
  std::error_code ec;
  fs::remove_all(workroot, ec);
  // The last measurement, for `grader docs` (docs_site.hpp) without measuring again.
  const fs::path saved = toolchain.build_dir / "share/ptlabs/measured-table.json";
  if (!write_file_atomically(saved, table_as_json(rows, machine).dump(2) + "\n", &err)) {
    print_error("the table is measured but not saved for grader docs: " + err);
  }

  const std::string text = format == "json"       ? table_as_json(rows, machine).dump(2) + "\n"
                           : format == "markdown" ? table_as_markdown(rows, machine)
                                                  : table_as_text(rows, machine);
  if (args.count("output")) {
    if (!write_file_atomically(args["output"].as<std::string>(), text, &err)) {
      print_error(err);
      return kExitGraderFailed;
    }
    std::cerr << "table written to " << args["output"].as<std::string>() << "\n";
  } else {
    std::cout << text;
  }
  return kExitAllPassed;
}

}  // namespace ptlabs::grader
