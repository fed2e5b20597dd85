// `grader export --student-kit DIR`: a copy of the project for students, with
// no answer in it (the file rules are in kit_export.hpp).
#include <cxxopts.hpp>
#include <iostream>

#include "cli.hpp"
#include "cli_common.hpp"
#include "exit_codes.hpp"
#include "kit_export.hpp"
#include "text_format.hpp"

namespace ptlabs::grader {
namespace fs = std::filesystem;

int run_export(int argc, char** argv) {
  cxxopts::Options options("grader export",
                           "Write the student kit: the project without its answers.");
  options.add_options()("student-kit", "write the kit into DIR (new or empty)",
                        cxxopts::value<std::string>())(
      "from", "the project to copy (default: the checkout this grader was built from)",
      cxxopts::value<std::string>())("h,help", "show this help");
  cxxopts::ParseResult args;
  try {
    args = options.parse(argc, argv);
  } catch (const cxxopts::exceptions::exception& e) {
    print_error(std::string(e.what()) + "; see grader export --help");
    return kExitBadInput;
  }
  if (args.count("help")) {
    std::cout
        << options.help()
        << "\nThe kit holds labs/ (catalogue, support library, every lab's README, task.hpp,\n"
           "skeletons and public tests), docs/, the grader's sources, grader/hidden/support/\n"
           "(the test main the public tests link), and the GitHub Classroom workflow as\n"
           ".github/workflows/classroom.yml. It leaves out solutions/, tests/, bench/, the\n"
           "hidden suites and perf drivers (grader/hidden/<lab>/), build folders and .git.\n"
           "In a git checkout the files are those `git ls-files` names (untracked ones not\n"
           "ignored included). In the kit `./run.sh build` builds, and `grader grade` grades\n"
           "each lab on its public tests, labelled public-only.\n"
           "\nExit status: 0 written, 2 bad usage or DIR not empty, 3 the copy failed.\n";
    return kExitAllPassed;
  }
  if (!args.unmatched().empty()) {
    print_error("unexpected argument '" + args.unmatched().front() + "'; see grader export --help");
    return kExitBadInput;
  }
  if (!args.count("student-kit")) {
    print_error("say where to write the kit: grader export --student-kit DIR");
    return kExitBadInput;
  }
  const fs::path dest = args["student-kit"].as<std::string>();
  std::string err;
  if (!check_empty_destination(dest, &err)) {
    print_error(err);
    return kExitBadInput;
  }
  fs::path source;
  if (args.count("from")) {
    source = args["from"].as<std::string>();
  } else {
    Toolchain toolchain;
    if (!load_toolchain(default_toolchain_path(), &toolchain, &err)) {
      print_error(err + " (or name the project with --from DIR)");
      return kExitGraderFailed;
    }
    source = toolchain.source_dir;
  }
  if (!fs::exists(source / "labs" / "labs.toml")) {
    print_error(source.string() +
                " is not a ptlabs project (no labs/labs.toml); name one with --from");
    return kExitBadInput;
  }

  std::vector<std::string> all;
  if (!list_project_files(source, &all, &err)) {
    print_error(err);
    return kExitGraderFailed;
  }
  std::vector<std::string> kept;
  std::vector<std::string> left_out;
  for (const auto& name : all) (in_student_kit(name) ? kept : left_out).push_back(name);

  CopySummary summary;
  std::error_code ec;
  fs::create_directories(dest, ec);
  if (ec || !copy_files(source, kept, dest, &summary, &err)) {
    print_error(ec ? "cannot create " + dest.string() + ": " + ec.message() : err);
    return kExitGraderFailed;
  }
  // The Classroom workflow sits where GitHub looks for workflows.
  const std::string workflow(kClassroomWorkflow);
  const std::string workflow_template(kClassroomTemplate);
  if (fs::exists(source / workflow_template)) {
    fs::create_directories((dest / workflow).parent_path(), ec);
    if (!ec) fs::copy_file(source / workflow_template, dest / workflow, ec);
    if (ec) {
      print_error("cannot write " + (dest / workflow).string() + ": " + ec.message());
      return kExitGraderFailed;
    }
    summary.files += 1;
  }

  // The project's README speaks to instructors and developers; the kit gets one for students.
  if (fs::exists(source / kKitReadmeTemplate)) {
    fs::copy_file(source / kKitReadmeTemplate, dest / "README.md",
                  fs::copy_options::overwrite_existing, ec);
    if (ec) {
      print_error("cannot write " + (dest / "README.md").string() + ": " + ec.message());
      return kExitGraderFailed;
    }
  }

  std::cout << "wrote the student kit to " << dest.string() << ": " << summary.files << " files, "
            << printf_string("%.1f", static_cast<double>(summary.bytes) / 1024) << " KiB\n"
            << "left out: " << (left_out.empty() ? "nothing" : describe_left_out(left_out))
            << "\nnext: cd " << dest.string()
            << " && ./run.sh build && build/bin/grader check 01\n";
  return kExitAllPassed;
}

}  // namespace ptlabs::grader
