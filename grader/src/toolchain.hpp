// The toolchain manifest: how to build a submission like the project was built.
//
// CMake writes it (build/share/ptlabs/toolchain.json) with the compiler, the
// flags, the prebuilt support library, test main and each lab's hidden suite,
// so the grader compiles only the student's files and links them against
// pristine, prebuilt pieces.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace ptlabs::grader {

struct Toolchain {
  std::string cxx;                          // compiler driver
  std::vector<std::string> compile_flags;   // for student sources
  std::vector<std::string> include_dirs;    // after the lab's own folder
  std::vector<std::string> link_libraries;  // after the hidden suite, in link order
  std::vector<std::string> link_flags;
  std::filesystem::path source_dir;  // the project checkout: pristine labs/
  std::filesystem::path build_dir;   // where the prebuilt archives are
  std::map<std::string, std::filesystem::path> hidden_archives;  // lab id -> archive
  std::map<std::string, std::filesystem::path> perf_archives;    // lab id -> perf driver
  std::map<std::string, std::filesystem::path> perf_references;  // lab id -> driver + solution
  // The ThreadSanitizer build, for checks marked `sanitizer = "thread"`.
  std::vector<std::string> tsan_compile_flags;
  std::vector<std::string> tsan_link_flags;
  std::vector<std::string> tsan_link_libraries;
  std::map<std::string, std::filesystem::path> tsan_archives;  // lab id -> hidden suite, TSan
  // Labs whose hidden suite runs as a harness of its own (docs/security.md): for them
  // hidden_archives names the subject's stub, linked with the student's objects and
  // subject_link_libraries into the program the harness drives; the harness binary
  // itself never runs inside the sandbox.
  std::map<std::string, std::filesystem::path> harnesses;  // lab id -> harness binary
  std::vector<std::string> subject_link_libraries;
  // The symbol policy (symbol_policy.hpp): the nm that lists the student's objects,
  // and the names the linked libraries define (cmake/ReservedSymbols.cmake); absent
  // from an older manifest, when only the rules that need no list apply.
  std::string nm = "nm";
  std::filesystem::path reserved_symbols;

  std::filesystem::path catalog_path() const { return source_dir / "labs" / "labs.toml"; }
  std::filesystem::path pristine_lab_dir(const std::string& id) const {
    return source_dir / "labs" / id;
  }
};

// Parses manifest JSON text.
bool parse_toolchain(const std::string& text, Toolchain* out, std::string* err);

// Reads the manifest at `path`.
bool load_toolchain(const std::filesystem::path& path, Toolchain* out, std::string* err);

// Returns where the manifest sits for the running grader: the PTLABS_TOOLCHAIN
// environment variable if set, else <dir of the executable>/../share/ptlabs/toolchain.json.
std::filesystem::path default_toolchain_path();

}  // namespace ptlabs::grader
