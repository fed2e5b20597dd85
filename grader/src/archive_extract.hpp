// Unpacking a student's .zip or .tar.gz safely (grader batch).
//
// Every entry is checked BEFORE anything is written: its path must stay inside
// the destination (no absolute path, no `..` component), it must be a regular
// file or a folder (symbolic links, hard links and device nodes are refused, so
// nothing is ever written through a link), and the running totals of entries
// and of uncompressed bytes must stay under the limits, counted on the bytes
// really decompressed (a header may lie about its size). Permissions and
// owners from the archive are ignored: files 0644, folders 0755.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace ptlabs::grader {

struct ExtractLimits {
  std::uint64_t max_total_bytes = 64ull << 20;  // uncompressed, all entries together
  std::size_t max_entries = 10000;
};

enum class ExtractError {
  kNone,
  kUnsafe,    // a path leaving the destination, or a link or device entry
  kTooLarge,  // over max_total_bytes or max_entries (an archive bomb)
  kCorrupt,   // not a zip or tar.gz, truncated, or failing its checksums
  kIo,        // the destination could not be written
};

struct ExtractResult {
  ExtractError error = ExtractError::kNone;
  std::string message;  // for a person: which entry and why, and what to do
  std::size_t entries = 0;
  std::uint64_t bytes = 0;
};

// Returns true iff `name` ends in .zip, .tar.gz or .tgz (the archives batch accepts).
bool is_supported_archive(const std::filesystem::path& name);

// The name without its archive suffix ("alice.tar.gz" -> "alice").
std::string archive_stem(const std::filesystem::path& name);

// Extracts `archive` into `dest`, which must be an existing empty folder. On
// failure what was written so far stays in `dest` for the caller to delete.
ExtractResult extract_archive(const std::filesystem::path& archive,
                              const std::filesystem::path& dest, const ExtractLimits& limits = {});

}  // namespace ptlabs::grader
