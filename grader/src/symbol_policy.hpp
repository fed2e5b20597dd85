// The symbol policy: what a student's compiled files may not define.
//
// Checked on the objects compiled from the student's files, after compiling
// and before linking (build.cpp). A student `main`, or a definition of a name
// the C library, the C++ runtime, the lab framework, GoogleTest or a sanitizer
// runtime already defines, would replace that name for the whole test program;
// it is refused with the symbol named and what to do instead. This is a service
// to the honest student and a flag for the instructor, not the defence (see
// issue 17): it reads symbol names, so it cannot see what code does.
//
// The rules, for each global symbol an object defines (local ones, such as a
// static function or one in an anonymous namespace, never count):
//   - `main`, strong or weak: the grader provides main.
//   - `__tsan_*`, `__asan_*`, `__lsan_*`, `__ubsan_*`, `__msan_*`, `__sanitizer_*`,
//     strong or weak: hooks of the sanitizer runtime (__tsan_default_options would
//     silence ThreadSanitizer).
//   - anything in namespace `testing`, strong or weak: GoogleTest is the grader's,
//     and the lab files never include it, so even its inline functions (emitted weak
//     when a file derives a listener from GoogleTest's classes) are refused.
//   - a strong definition in namespace `ptlabs`: the framework's (a redefinition of
//     ptlabs::now_ns() or ptlabs::current_pid(), or a new name put in its namespace).
//     Weak ones are the framework headers' inline functions, emitted by every file
//     that calls them, and are allowed.
//   - a C name (not mangled) the shared runtime libraries export (libc, libm,
//     libgcc_s, libstdc++, libpython), strong or weak: a weak definition in the
//     program interposes the library's as well as a strong one does.
//   - a strong definition of a mangled (C++) name those libraries or the
//     framework's static libraries define, except the global operator new and
//     delete, which C++ lets a program replace ([replacement.functions]). Weak
//     C++ definitions are template instantiations and inline functions
//     (std::vector<int>::push_back, ...), emitted by every file that uses them, and
//     are allowed.
//   - a strong C name the framework's static libraries define.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "child_process.hpp"
#include "toolchain.hpp"

namespace ptlabs::grader {

// One line of `nm -P` (POSIX format), with -A the file it came from.
struct NmSymbol {
  std::string file;  // the object or library member; "" without -A
  std::string name;  // as the linker sees it: mangled, without a version suffix (@GLIBC_...)
  char type = '?';   // nm's letter: T, D, B, R, W, V, u, i, U, ...
};

// Parses `nm -P` output, with or without -A; lines of another form are skipped.
std::vector<NmSymbol> parse_nm(std::string_view text);

// The names that belong to the libraries a test program is linked with.
struct ReservedSymbols {
  struct Owner {
    std::string library;    // a key of the reserved-symbols file: c, m, stdc++, gcc_s, python,
                            // framework, gtest
    bool function = false;  // a function there (else a variable)
  };
  std::unordered_map<std::string, Owner> names;
};

// Parses the reserved-symbols file CMake writes (cmake/ReservedSymbols.cmake): for
// each library a line `@KEY PATH`, then its `nm -P --defined-only` listing. Of the
// framework's static libraries (framework, gtest) only strong definitions are kept;
// of the shared ones, every defined name.
ReservedSymbols parse_reserved_symbols(std::string_view text);

struct SymbolViolation {
  std::string file;     // the student's file: process.cpp
  std::string symbol;   // as a person reads it: main(), write(), ptlabs::now_ns()
  std::string message;  // the whole sentence: what is wrong and what to do instead
};

// The violations in `nm -P -A -g --defined-only` output of the student's objects
// (object `process.cpp.o` is file `process.cpp`), one per file and symbol, in
// the listing's order. Pure: no process, no file.
std::vector<SymbolViolation> find_symbol_violations(std::string_view nm_text,
                                                    const ReservedSymbols& reserved);

// Runs nm on `objects` through `run` and applies the policy. Appends each violation
// to *log and returns false if there is one; true otherwise. A failure to run nm or
// to read the reserved-symbols file is noted in *log and does not fail the build.
bool check_symbol_policy(const Toolchain& toolchain,
                         const std::vector<std::filesystem::path>& objects,
                         const CommandRunner& run, std::string* log);

}  // namespace ptlabs::grader
