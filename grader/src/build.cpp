#include "build.hpp"

#include <future>
#include <set>

#include "compiler_cache.hpp"
#include "ptlabs/clock.hpp"
#include "symbol_policy.hpp"

namespace ptlabs::grader {
namespace fs = std::filesystem;
namespace {

// The files every lab folder has; a missing one is taken from the pristine lab.
const char* const kRequiredSources[] = {"process.cpp", "thread.cpp"};

// How one build of the submission is compiled and linked: the normal build, or
// the ThreadSanitizer one. `suffix` keeps their objects apart.
struct Flavour {
  const std::vector<std::string>& compile_flags;
  const std::vector<std::string>& link_flags;
  const std::vector<std::string>& link_libraries;
  std::string suffix;
};

Flavour normal_build(const Toolchain& toolchain) {
  return {toolchain.compile_flags, toolchain.link_flags, toolchain.link_libraries, ""};
}

// A lab with a harness links the student's objects into its subject: the stub and
// the support library, no test framework (docs/security.md).
Flavour subject_build(const Toolchain& toolchain) {
  return {toolchain.compile_flags, toolchain.link_flags, toolchain.subject_link_libraries, ""};
}

Flavour tsan_build(const Toolchain& toolchain) {
  return {toolchain.tsan_compile_flags, toolchain.tsan_link_flags, toolchain.tsan_link_libraries,
          ".tsan"};
}

Command compile_command(const Toolchain& toolchain, const Flavour& flavour, const fs::path& source,
                        const fs::path& object, const fs::path& src) {
  Command command;
  command.argv.push_back(toolchain.cxx);
  command.argv.insert(command.argv.end(), flavour.compile_flags.begin(),
                      flavour.compile_flags.end());
  command.argv.push_back("-I" + src.string());
  for (const auto& dir : toolchain.include_dirs) command.argv.push_back("-I" + dir);
  command.argv.insert(command.argv.end(), {"-c", source.string(), "-o", object.string()});
  command.workdir = src;
  command.limits = build_limits();
  // The compiler reads only the support headers and the student's files: an #include of
  // a hidden test or a solution finds an empty folder.
  command.sandbox.enabled = true;
  command.sandbox.read_only.assign(toolchain.include_dirs.begin(), toolchain.include_dirs.end());
  command.sandbox.writable = {src.parent_path()};
  use_compiler_cache(compiler_cache(toolchain.build_dir), &command);
  return command;
}

Command link_command(const Toolchain& toolchain, const Flavour& flavour,
                     const std::vector<fs::path>& objects, const fs::path& archive,
                     const fs::path& binary) {
  Command command;
  command.argv.push_back(toolchain.cxx);
  command.argv.insert(command.argv.end(), flavour.link_flags.begin(), flavour.link_flags.end());
  for (const auto& object : objects) command.argv.push_back(object.string());
  command.argv.insert(command.argv.end(),
                      {"-Wl,--whole-archive", archive.string(), "-Wl,--no-whole-archive"});
  command.argv.insert(command.argv.end(), flavour.link_libraries.begin(),
                      flavour.link_libraries.end());
  command.argv.insert(command.argv.end(), {"-o", binary.string()});
  command.limits = build_limits();
  command.sandbox.enabled = true;
  command.sandbox.read_only = {archive};
  for (const auto& library : flavour.link_libraries) {
    if (fs::path(library).is_absolute()) command.sandbox.read_only.emplace_back(library);
  }
  command.sandbox.writable = {binary.parent_path()};
  return command;
}

// Appends a command's messages to the log, labelled with what was built.
void append_messages(std::string* log, const std::string& what, const Outcome& outcome) {
  if (outcome.output.empty() && outcome.succeeded()) return;
  *log += "--- " + what + "\n" + outcome.output;
  if (!outcome.succeeded()) *log += "[" + what + ": " + outcome.describe() + "]\n";
}

// Compiles every source of one flavour in parallel; false if any fails.
bool compile_all(const Toolchain& toolchain, const Flavour& flavour,
                 const std::vector<fs::path>& sources, const fs::path& workdir,
                 const CommandRunner& run, std::vector<fs::path>* objects, std::string* log) {
  const fs::path src = workdir / "src";
  std::vector<std::future<Outcome>> compiles;
  for (const auto& source : sources) {
    fs::path object = workdir / (source.filename().string() + flavour.suffix + ".o");
    objects->push_back(object);
    compiles.push_back(std::async(std::launch::async, run,
                                  compile_command(toolchain, flavour, source, object, src)));
  }
  bool compiled = true;
  for (std::size_t i = 0; i < compiles.size(); ++i) {
    Outcome outcome = compiles[i].get();
    append_messages(log, "compile " + sources[i].filename().string() + flavour.suffix, outcome);
    compiled = compiled && outcome.succeeded();
  }
  return compiled;
}

}  // namespace

std::vector<fs::path> stage_sources(const Toolchain& toolchain, const Lab& lab,
                                    const LabFiles& files, const fs::path& src, std::string* log) {
  fs::create_directories(src);
  std::set<std::string> names;
  std::vector<fs::path> sources;
  for (const auto& file : files.student_files) {
    fs::copy_file(file, src / file.filename(), fs::copy_options::overwrite_existing);
    names.insert(file.filename().string());
  }
  const fs::path pristine = toolchain.pristine_lab_dir(lab.id);
  for (const char* required : kRequiredSources) {
    if (names.count(required)) continue;
    fs::copy_file(pristine / required, src / required, fs::copy_options::overwrite_existing);
    names.insert(required);
    *log += std::string(required) + " is not in the submission; the unchanged skeleton was used.\n";
  }
  fs::copy_file(pristine / "task.hpp", src / "task.hpp", fs::copy_options::overwrite_existing);
  for (const auto& name : names) {
    if (fs::path(name).extension() == ".cpp") sources.push_back(src / name);
  }
  for (const auto& note : files.notes) *log += note + "\n";
  return sources;
}

Limits build_limits() {
  Limits limits;
  limits.wall_s = 120;
  limits.cpu_s = 60;
  limits.memory_bytes = 2ull << 30;  // a template bomb or #include </dev/zero> stops here
  limits.output_bytes = 64 << 10;
  limits.max_processes = 64;
  limits.max_file_bytes = 256ull << 20;
  return limits;
}

BuildOutput build_lab(const Toolchain& toolchain, const Lab& lab, const LabFiles& files,
                      const fs::path& workdir, const CommandRunner& run, bool with_perf) {
  const std::uint64_t start = now_ns();
  BuildOutput out;
  auto hidden = toolchain.hidden_archives.find(lab.id);
  if (hidden == toolchain.hidden_archives.end()) {
    out.info.log = "the grader was built without lab " + lab.id +
                   "'s hidden suite; rebuild the project (./run.sh build)";
    return out;
  }
  const fs::path src = workdir / "src";
  std::vector<fs::path> sources;
  try {
    sources = stage_sources(toolchain, lab, files, src, &out.info.log);
  } catch (const fs::filesystem_error& e) {
    out.info.log += std::string("cannot copy the submission's files: ") + e.what() + "\n";
    return out;
  }

  const Flavour normal = normal_build(toolchain);
  std::vector<fs::path> objects;
  // The symbol policy (symbol_policy.hpp) refuses a student main or a library's name.
  if (compile_all(toolchain, normal, sources, workdir, run, &objects, &out.info.log) &&
      check_symbol_policy(toolchain, objects, run, &out.info.log)) {
    const bool harnessed = toolchain.harnesses.count(lab.id) > 0;
    out.binary = workdir / (harnessed ? "lab_subject" : "lab_tests");
    Outcome linked = run(link_command(toolchain, harnessed ? subject_build(toolchain) : normal,
                                      objects, hidden->second, out.binary));
    append_messages(&out.info.log, "link", linked);
    out.info.ok = linked.succeeded();
  }
  auto perf = toolchain.perf_archives.find(lab.id);
  if (out.info.ok && with_perf && !lab.perf.empty() && perf != toolchain.perf_archives.end()) {
    const fs::path binary = workdir / "lab_perf";
    Outcome linked = run(link_command(toolchain, normal, objects, perf->second, binary));
    append_messages(&out.info.log, "link the perf driver", linked);
    if (linked.succeeded()) out.perf_binary = binary;
  }
  auto tsan = toolchain.tsan_archives.find(lab.id);
  if (out.info.ok && lab.needs_tsan() && tsan != toolchain.tsan_archives.end()) {
    const Flavour sanitized = tsan_build(toolchain);
    std::vector<fs::path> tsan_objects;
    if (compile_all(toolchain, sanitized, sources, workdir, run, &tsan_objects, &out.info.log)) {
      const fs::path binary = workdir / "lab_tests_tsan";
      Outcome linked = run(link_command(toolchain, sanitized, tsan_objects, tsan->second, binary));
      append_messages(&out.info.log, "link with ThreadSanitizer", linked);
      if (linked.succeeded()) out.tsan_binary = binary;
    }
  }
  out.info.seconds = static_cast<double>(now_ns() - start) / 1e9;
  return out;
}

}  // namespace ptlabs::grader
