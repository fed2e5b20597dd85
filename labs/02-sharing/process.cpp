// Lab 02 — the process version: `workers` child processes count, the parent collects.
//
// A child is a copy of the parent: a variable it writes changes its own copy only, so the
// parent never sees it. Every partial result has to travel back: over a pipe, or through
// memory mapped MAP_SHARED before the fork().
#include <stdexcept>

#include "task.hpp"

namespace lab02 {

std::uint64_t count_words_in_processes(std::string_view text, int workers) {
  // TODO: reject workers < 1 with std::invalid_argument.
  // TODO: fork every worker before awaiting any. Child w calls
  //       count_chunk(text, chunk.begin, chunk.end) for chunk = chunk_of(text.size(), workers, w),
  //       sends the count back (a pipe, or a slot in memory mmap()ed MAP_SHARED before the
  //       fork) and leaves with _exit().
  // TODO: collect every count, waitpid() every child, and return the sum.
  (void)text;
  (void)workers;
  throw std::logic_error(
      "lab02::count_words_in_processes is not written yet (labs/02-sharing/process.cpp)");
}

Frequencies word_frequencies_in_processes(std::string_view text, int workers) {
  // TODO: as above, but child w takes its words with chunk_words(text, chunk.begin, chunk.end),
  //       counts them in a Frequencies map of its own, and writes that map to its pipe
  //       (serialise it: a std::map cannot be sent as raw bytes).
  // TODO: the parent reads every pipe to end of file, decodes the maps and merges them.
  (void)text;
  (void)workers;
  throw std::logic_error(
      "lab02::word_frequencies_in_processes is not written yet (labs/02-sharing/process.cpp)");
}

}  // namespace lab02
