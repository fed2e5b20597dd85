#include "public_suite.hpp"

#include <fstream>
#include <future>
#include <sstream>

#include "build.hpp"
#include "check_run.hpp"
#include "ptlabs/clock.hpp"
#include "scoring.hpp"

namespace ptlabs::grader {
namespace fs = std::filesystem;
namespace {

// The test support headers public tests include as "support/<name>".
fs::path support_dir(const Toolchain& toolchain) {
  return toolchain.source_dir / "grader" / "hidden" / "support";
}

// Copies the public test and the support headers into `dir` (so "support/x.hpp"
// resolves beside the test); returns the copied test source.
fs::path stage_public_test(const Toolchain& toolchain, const Lab& lab, const fs::path& dir) {
  fs::create_directories(dir / "support");
  const fs::path test = dir / "public_test.cpp";
  fs::copy_file(public_test_source(toolchain, lab), test, fs::copy_options::overwrite_existing);
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(support_dir(toolchain), ec)) {
    if (entry.path().extension() == ".hpp") {
      fs::copy_file(entry.path(), dir / "support" / entry.path().filename(),
                    fs::copy_options::overwrite_existing);
    }
  }
  return test;
}

Command compile_command(const Toolchain& toolchain, const fs::path& source, const fs::path& object,
                        const fs::path& src, const fs::path& workdir) {
  Command command;
  command.argv.push_back(toolchain.cxx);
  command.argv.insert(command.argv.end(), toolchain.compile_flags.begin(),
                      toolchain.compile_flags.end());
  command.argv.push_back("-I" + src.string());
  for (const auto& dir : toolchain.include_dirs) command.argv.push_back("-I" + dir);
  command.argv.insert(command.argv.end(), {"-c", source.string(), "-o", object.string()});
  command.workdir = src;
  command.limits = build_limits();
  command.sandbox.enabled = true;
  command.sandbox.read_only.assign(toolchain.include_dirs.begin(), toolchain.include_dirs.end());
  command.sandbox.writable = {workdir};
  return command;
}

Command link_command(const Toolchain& toolchain, const std::vector<fs::path>& objects,
                     const fs::path& binary) {
  Command command;
  command.argv.push_back(toolchain.cxx);
  command.argv.insert(command.argv.end(), toolchain.link_flags.begin(), toolchain.link_flags.end());
  for (const auto& object : objects) command.argv.push_back(object.string());
  command.argv.insert(command.argv.end(), toolchain.link_libraries.begin(),
                      toolchain.link_libraries.end());
  command.argv.insert(command.argv.end(), {"-o", binary.string()});
  command.limits = build_limits();
  command.sandbox.enabled = true;
  for (const auto& library : toolchain.link_libraries) {
    if (fs::path(library).is_absolute()) command.sandbox.read_only.emplace_back(library);
  }
  command.sandbox.writable = {binary.parent_path()};
  return command;
}

void append_messages(std::string* log, const std::string& what, const Outcome& outcome) {
  if (outcome.output.empty() && outcome.succeeded()) return;
  *log += "--- " + what + "\n" + outcome.output;
  if (!outcome.succeeded()) *log += "[" + what + ": " + outcome.describe() + "]\n";
}

// Compiles and links the suite into `workdir`/public_tests; false when either fails.
bool build_suite(const Toolchain& toolchain, const Lab& lab, const LabFiles& files,
                 const fs::path& workdir, const CommandRunner& run, BuildInfo* info) {
  const fs::path src = workdir / "src";
  std::vector<fs::path> sources;
  try {
    sources = stage_sources(toolchain, lab, files, src, &info->log);
    sources.push_back(stage_public_test(toolchain, lab, workdir / "public"));
  } catch (const fs::filesystem_error& e) {
    info->log += std::string("cannot copy the lab's files: ") + e.what() + "\n";
    return false;
  }
  std::vector<fs::path> objects;
  std::vector<std::future<Outcome>> compiles;
  for (const auto& source : sources) {
    // The public test's object is named apart from any student file of the same name.
    const bool is_test = source.parent_path().filename() == "public";
    objects.push_back(workdir / ((is_test ? "public." : "") + source.filename().string() + ".o"));
    compiles.push_back(std::async(
        std::launch::async, run, compile_command(toolchain, source, objects.back(), src, workdir)));
  }
  bool compiled = true;
  for (std::size_t i = 0; i < compiles.size(); ++i) {
    Outcome outcome = compiles[i].get();
    append_messages(&info->log, "compile " + sources[i].filename().string(), outcome);
    compiled = compiled && outcome.succeeded();
  }
  if (!compiled) return false;
  Outcome linked = run(link_command(toolchain, objects, workdir / "public_tests"));
  append_messages(&info->log, "link", linked);
  return linked.succeeded();
}

}  // namespace

fs::path public_test_source(const Toolchain& toolchain, const Lab& lab) {
  fs::path source = toolchain.pristine_lab_dir(lab.id) / "tests" / "public_test.cpp";
  std::error_code ec;
  return fs::is_regular_file(source, ec) ? source : fs::path();
}

PublicSuiteResult run_public_suite(const Toolchain& toolchain, const Lab& lab,
                                   const LabFiles& files, const fs::path& workdir,
                                   const CommandRunner& run, const ProgressFn& progress) {
  Check suite;
  suite.name = "public tests";
  suite.tests = {"*"};
  PublicSuiteResult result;
  result.run = unbuilt_check(suite);
  if (public_test_source(toolchain, lab).empty()) {
    result.build.log = "lab " + lab.id + " has no public tests (labs/" + lab.id +
                       "/tests/public_test.cpp is missing from " + toolchain.source_dir.string() +
                       ")";
    return result;
  }
  const std::uint64_t start = now_ns();
  fs::create_directories(workdir);
  if (progress) progress("building " + lab.id + " with its public tests");
  result.build.ok = build_suite(toolchain, lab, files, workdir, run, &result.build);
  result.build.seconds = static_cast<double>(now_ns() - start) / 1e9;
  if (!result.build.ok) return result;

  if (progress) progress(lab.id + ": running the public tests");
  const fs::path rundir = workdir / "public-run";
  fs::create_directories(rundir);
  result.run = run_check(suite, check_command(lab, suite, workdir / "public_tests", rundir), run,
                         &result.cases);
  return result;
}

}  // namespace ptlabs::grader
