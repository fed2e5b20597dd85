// Building one lab's test binary from a submission.
//
// The student's files are copied into a private folder beside the pristine
// task.hpp, compiled with the project's compiler and flags (warnings shown,
// never errors), and linked against the prebuilt hidden suite, support library
// and test main named by the toolchain manifest. Compiles run in parallel, at
// most one per usable core, under a cap on the bytes their objects take.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "catalog.hpp"
#include "child_process.hpp"
#include "report.hpp"
#include "submission.hpp"
#include "toolchain.hpp"

namespace ptlabs::grader {

struct BuildOutput {
  BuildInfo info;
  std::filesystem::path binary;       // the test binary, when info.ok
  std::filesystem::path perf_binary;  // the perf driver, when asked for and the lab has one
  std::filesystem::path tsan_binary;  // the ThreadSanitizer test binary, when the lab needs one
};

// Copies the student's files, the pristine skeleton of each of process.cpp and
// thread.cpp they lack, and the pristine task.hpp into `src`. Returns the .cpp
// files to compile; appends to *log what was replaced or skipped. Throws
// fs::filesystem_error when a copy fails.
std::vector<std::filesystem::path> stage_sources(const Toolchain& toolchain, const Lab& lab,
                                                 const LabFiles& files,
                                                 const std::filesystem::path& src,
                                                 std::string* log);

// The limits put on each compiler and linker run.
Limits build_limits();

// The caps on what a build's compiles write to its work folder (build.cpp's
// ObjectBudget): each object at most kObjectBytes, all objects of the build (both
// flavours) together at most kBuildObjectBytes; past them a compile fails and says so.
inline constexpr std::uint64_t kObjectBytes = 64ull << 20;
inline constexpr std::uint64_t kBuildObjectBytes = 256ull << 20;

// Prepares `workdir`/src from the student's files and the pristine lab folder,
// then compiles and links `workdir`/lab_tests through `run`, with `with_perf`
// also `workdir`/lab_perf when the lab has a perf driver, and, when a check
// runs under ThreadSanitizer, `workdir`/lab_tests_tsan from a second compile.
// Between compiling and linking, the symbol policy (symbol_policy.hpp) checks the
// objects; a violation fails the build with the reason in the log.
BuildOutput build_lab(const Toolchain& toolchain, const Lab& lab, const LabFiles& files,
                      const std::filesystem::path& workdir, const CommandRunner& run,
                      bool with_perf);

}  // namespace ptlabs::grader
