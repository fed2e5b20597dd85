#include "build.hpp"

#include <sched.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "compiler_cache.hpp"
#include "machine.hpp"
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

// The size caps of one build's objects: what compile_all lets the compilers write.
//
// Objects go to the lab's work folder on the host's disk (the link, a separate
// command, reads them), so neither the sandbox's capped tmpfs mounts nor the
// memory limit bound them. Each compile instead gets a file-size limit
// (RLIMIT_FSIZE: a bigger object stops the assembler with SIGXFSZ) taken from
// what is left of the build's budget, and the bytes its object took (kept or
// not) are spent from it, so the objects of a build, both of its flavours
// together, never write more than kBuildObjectBytes. When the budget is spent,
// the remaining sources are not compiled. Temporary files (the assembly) go to
// the sandbox's /tmp, a capped tmpfs.
class ObjectBudget {
 public:
  explicit ObjectBudget(std::uint64_t left) : left_(left) {}

  // The most bytes the next object may take, now reserved; 0 when the budget is spent.
  std::uint64_t reserve() {
    std::lock_guard lock(mutex_);
    const std::uint64_t bytes = std::min(kObjectBytes, left_);
    left_ -= bytes;
    return bytes;
  }

  // Gives back what a compile reserved and did not write.
  void settle(std::uint64_t reserved, std::uint64_t written) {
    std::lock_guard lock(mutex_);
    left_ += reserved - std::min(reserved, written);
  }

 private:
  std::mutex mutex_;
  std::uint64_t left_;
};

// The bytes of the objects already in `workdir` (an earlier flavour's).
std::uint64_t object_bytes_in(const fs::path& workdir) {
  std::uint64_t bytes = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(workdir, ec)) {
    if (entry.path().extension() == ".o" && entry.is_regular_file(ec)) bytes += entry.file_size(ec);
  }
  return bytes;
}

std::string mebibytes(std::uint64_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

// How many compilers run at once: the cores this grader may use (affinity and
// cgroup quota), so a submission of many files never runs more compilers, each
// allowed build_limits().memory_bytes, than there are cores for them.
std::size_t compile_slots(std::size_t sources) {
  cpu_set_t cpus;
  CPU_ZERO(&cpus);
  const int affinity = ::sched_getaffinity(0, sizeof cpus, &cpus) == 0 ? CPU_COUNT(&cpus) : 1;
  const auto cores = static_cast<std::size_t>(usable_cores(affinity, read_cpu_quota()));
  return std::max<std::size_t>(1, std::min(cores, sources));
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

// Compiles one source under the budget: its file-size limit is what the budget
// reserves for it, and the log says when a cap, not the code, ended it. A failed
// compile's object is removed; the bytes it took stay spent.
Outcome compile_one(Command compile, const fs::path& source, const fs::path& object,
                    const CommandRunner& run, ObjectBudget* budget) {
  const std::uint64_t reserved = budget->reserve();
  if (reserved == 0) {
    Outcome refused;
    refused.started = true;
    refused.exit_code = 1;
    refused.output = source.filename().string() +
                     ": not compiled: the object files of this build already take its cap of " +
                     mebibytes(kBuildObjectBytes) + "\n";
    return refused;
  }
  compile.limits.max_file_bytes = reserved;
  Outcome outcome = run(compile);
  std::error_code ec;
  const std::uintmax_t size = fs::file_size(object, ec);
  const std::uint64_t written = ec ? 0 : static_cast<std::uint64_t>(size);
  budget->settle(reserved, written);
  if (!outcome.succeeded()) {
    const bool capped =
        written >= reserved || outcome.output.find("File size limit exceeded") != std::string::npos;
    if (capped) {
      outcome.output += source.filename().string() + ": its object file hit the size cap (" +
                        mebibytes(written) + " written; " + mebibytes(reserved) +
                        " allowed to it, each object " + mebibytes(kObjectBytes) +
                        " and a build's objects " + mebibytes(kBuildObjectBytes) +
                        " in all): is there a huge initialised array, or code generated "
                        "without end?\n";
    }
    fs::remove(object, ec);
  }
  return outcome;
}

// Compiles every source of one flavour, as many at once as there are cores for,
// under the build's object budget (ObjectBudget); false if any fails.
bool compile_all(const Toolchain& toolchain, const Flavour& flavour,
                 const std::vector<fs::path>& sources, const fs::path& workdir,
                 const CommandRunner& run, std::vector<fs::path>* objects, std::string* log) {
  const fs::path src = workdir / "src";
  const std::uint64_t spent = object_bytes_in(workdir);
  ObjectBudget budget(kBuildObjectBytes - std::min(spent, kBuildObjectBytes));
  const std::size_t first_new = objects->size();
  for (const auto& source : sources) {
    objects->push_back(workdir / (source.filename().string() + flavour.suffix + ".o"));
  }
  std::vector<Outcome> outcomes(sources.size());
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < sources.size(); i = next++) {
      const fs::path& object = (*objects)[first_new + i];
      outcomes[i] = compile_one(compile_command(toolchain, flavour, sources[i], object, src),
                                sources[i], object, run, &budget);
    }
  };
  std::vector<std::thread> workers;
  for (std::size_t w = 1; w < compile_slots(sources.size()); ++w) workers.emplace_back(worker);
  worker();
  for (auto& thread : workers) thread.join();
  bool compiled = true;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    append_messages(log, "compile " + sources[i].filename().string() + flavour.suffix, outcomes[i]);
    compiled = compiled && outcomes[i].succeeded();
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
