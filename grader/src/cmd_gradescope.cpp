// `grader gradescope package -o autograder.zip [--lab ID]...`: the autograder
// zip to upload to a Gradescope programming assignment (gradescope_package.hpp).
#include <unistd.h>

#include <algorithm>
#include <cxxopts.hpp>
#include <iostream>

#include "cli.hpp"
#include "cli_common.hpp"
#include "exit_codes.hpp"
#include "gradescope_package.hpp"
#include "text_format.hpp"

namespace ptlabs::grader {
namespace fs = std::filesystem;
namespace {

constexpr const char* kPolicy =
    "\nOn Gradescope, setup.sh installs the missing Debian packages (apt-get) and builds the\n"
    "grader with the packaged labs' hidden suites; run_autograder grades /autograder/submission\n"
    "(lab folders, a checkout with labs/, or - with exactly one packaged lab - process.cpp and\n"
    "thread.cpp at the top) and writes /autograder/results/results.json with\n"
    "`grader grade --format gradescope`. Each check's visibility comes from `visibility` in\n"
    "labs/labs.toml (visible, hidden, after_due_date, after_published).\n"
    "\nScoring: performance checks carry no points. Gradescope gives half a CPU by default,\n"
    "where CPU-bound checks cannot show processes beating threads and say `inconclusive`;\n"
    "such a check is a passed 0-point test whose output says inconclusive and why, so it\n"
    "never costs points. A `fail` verdict is a failed 0-point test.\n"
    "\nExit status: 0 written, 2 bad usage or input, 3 the package could not be made.\n";

// The labs to package: those named (each with a hidden suite in `source`), else
// every lab of the catalogue that has one. False (with *err) on a bad name.
bool choose_labs(const Catalog& catalog, const fs::path& source,
                 const std::vector<std::string>& keys, std::vector<std::string>* ids,
                 std::string* err) {
  auto has_hidden = [&](const Lab& lab) {
    return fs::exists(source / "grader" / "hidden" / lab.id / "hidden_test.cpp");
  };
  if (keys.empty()) {
    for (const auto& lab : catalog.labs) {
      if (has_hidden(lab)) ids->push_back(lab.id);
    }
    if (ids->empty()) {
      *err = "no lab in " + source.string() +
             " has hidden tests (grader/hidden/<lab>/hidden_test.cpp); package from the "
             "course's checkout, not a student kit";
      return false;
    }
    return true;
  }
  for (const auto& key : keys) {
    const Lab* lab = catalog.find(key, err);
    if (lab == nullptr) return false;
    if (!has_hidden(*lab)) {
      *err = "lab " + lab->id + " has no hidden tests in " + source.string() + " (grader/hidden/" +
             lab->id + "/hidden_test.cpp); package from the course's checkout";
      return false;
    }
    if (std::find(ids->begin(), ids->end(), lab->id) == ids->end()) ids->push_back(lab->id);
  }
  // Catalogue order, whatever the order of --lab.
  std::vector<std::string> ordered;
  for (const auto& lab : catalog.labs) {
    if (std::find(ids->begin(), ids->end(), lab.id) != ids->end()) ordered.push_back(lab.id);
  }
  *ids = ordered;
  return true;
}

int package(int argc, char** argv) {
  cxxopts::Options options("grader gradescope package",
                           "Write the autograder zip for a Gradescope programming assignment.");
  options.add_options()("o,output", "the zip to write (e.g. autograder.zip)",
                        cxxopts::value<std::string>())(
      "lab", "a lab to grade, by id or number (repeatable; default: every lab with hidden tests)",
      cxxopts::value<std::vector<std::string>>())(
      "from", "the project to package (default: the checkout this grader was built from)",
      cxxopts::value<std::string>())("h,help", "show this help");
  cxxopts::ParseResult args;
  try {
    args = options.parse(argc, argv);
  } catch (const cxxopts::exceptions::exception& e) {
    print_error(std::string(e.what()) + "; see grader gradescope package --help");
    return kExitBadInput;
  }
  if (args.count("help")) {
    std::cout << options.help() << kPolicy;
    return kExitAllPassed;
  }
  if (!args.unmatched().empty()) {
    print_error("unexpected argument '" + args.unmatched().front() +
                "'; see grader gradescope package --help");
    return kExitBadInput;
  }
  if (!args.count("output")) {
    print_error("say where to write the zip: grader gradescope package -o autograder.zip");
    return kExitBadInput;
  }
  const fs::path output = args["output"].as<std::string>();
  std::error_code ec;
  if (!output.parent_path().empty() && !fs::is_directory(output.parent_path(), ec)) {
    print_error("the folder " + output.parent_path().string() + " of " + output.string() +
                " does not exist; create it or write the zip elsewhere");
    return kExitBadInput;
  }

  Toolchain toolchain;
  Catalog catalog;
  std::string err;
  fs::path source;
  if (args.count("from")) {
    source = args["from"].as<std::string>();
    if (!load_catalog(source / "labs" / "labs.toml", &catalog, &err)) {
      print_error(err + " (is " + source.string() + " a ptlabs project?)");
      return kExitBadInput;
    }
  } else {
    if (!load_setup(&toolchain, &catalog)) return kExitGraderFailed;
    source = toolchain.source_dir;
  }
  std::vector<std::string> lab_ids;
  const auto keys =
      args.count("lab") ? args["lab"].as<std::vector<std::string>>() : std::vector<std::string>{};
  if (!choose_labs(catalog, source, keys, &lab_ids, &err)) {
    print_error(err);
    return kExitBadInput;
  }

  fs::path stage;
  if (!make_workroot(&stage, &err)) {
    print_error(err);
    return kExitGraderFailed;
  }
  CopySummary summary;
  const bool made = stage_gradescope_package(source, lab_ids, stage / "package", &summary, &err) &&
                    zip_folder(stage / "package", output, &err);
  fs::remove_all(stage, ec);
  if (!made) {
    print_error(err);
    return kExitGraderFailed;
  }
  std::string labs;
  for (const auto& id : lab_ids) labs += (labs.empty() ? "" : " ") + id;
  std::cout << "wrote " << output.string() << ": " << summary.files << " files ("
            << printf_string("%.1f", static_cast<double>(fs::file_size(output, ec)) / 1024)
            << " KiB zipped), labs: " << labs
            << "\nupload it as the autograder of a Gradescope programming assignment; "
               "see docs/13-gradescope-and-classroom.md\n";
  return kExitAllPassed;
}

}  // namespace

int run_gradescope(int argc, char** argv) {
  if (argc >= 2 && std::string(argv[1]) == "package") return package(argc - 1, argv + 1);
  if (argc >= 2 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h")) {
    std::cout << "usage: grader gradescope package -o autograder.zip [--lab ID]... [--from DIR]\n"
              << kPolicy;
    return kExitAllPassed;
  }
  print_error(
      std::string(argc >= 2 ? "unknown action '" + std::string(argv[1]) + "'" : "missing action") +
      "; usage: grader gradescope package -o autograder.zip [--lab ID]...");
  return kExitBadInput;
}

}  // namespace ptlabs::grader
