// Lab 02 — the thread version: `workers` threads of this process count into shared memory.
//
// Threads share every variable of the process, so the workers can add into one result. Two
// threads writing the same memory with nothing ordering them is a data race: protect the
// shared result with a std::mutex or std::atomic, or give each thread a slot of its own.
#include <stdexcept>

#include "task.hpp"

namespace lab02 {

std::uint64_t count_words_in_threads(std::string_view text, int workers) {
  // TODO: reject workers < 1 with std::invalid_argument.
  // TODO: start `workers` threads; thread w calls count_chunk(text, chunk.begin, chunk.end) for
  //       chunk = chunk_of(text.size(), workers, w) and adds the count to a shared total
  //       without a data race.
  // TODO: join them all and return the total.
  (void)text;
  (void)workers;
  throw std::logic_error(
      "lab02::count_words_in_threads is not written yet (labs/02-sharing/thread.cpp)");
}

Frequencies word_frequencies_in_threads(std::string_view text, int workers) {
  // TODO: as above, but thread w takes its words with chunk_words(text, chunk.begin, chunk.end)
  //       and counts them into one shared Frequencies map, guarded by a std::mutex.
  (void)text;
  (void)workers;
  throw std::logic_error(
      "lab02::word_frequencies_in_threads is not written yet (labs/02-sharing/thread.cpp)");
}

}  // namespace lab02
