// Pieces every subcommand needs: loading the toolchain and catalogue with
// errors that say what to do, and writing a file whole or not at all.
#pragma once

#include <filesystem>
#include <string>

#include "catalog.hpp"
#include "grade.hpp"
#include "toolchain.hpp"

namespace ptlabs::grader {

// Loads the toolchain manifest and the pristine catalogue. On failure prints
// the reason to stderr and returns false (the caller exits kExitGraderFailed).
bool load_setup(Toolchain* toolchain, Catalog* catalog);

// Writes `text` to `path` through a temporary file and a rename, so a reader
// never sees half a report. False (with *err) on failure.
bool write_file_atomically(const std::filesystem::path& path, const std::string& text,
                           std::string* err);

// Prints "grader: <message>" to stderr.
void print_error(const std::string& message);

// Creates a fresh private folder under $TMPDIR (or /tmp) for builds and runs.
bool make_workroot(std::filesystem::path* out, std::string* err);

// Progress on one overwritten line of stderr when it is a terminal; else empty.
ProgressFn terminal_progress();
// Clears that line.
void clear_progress();

}  // namespace ptlabs::grader
