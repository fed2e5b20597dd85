// Wrong: every thread inserts its words straight into one shared std::map without a lock.
// Inserting rebalances the tree; two threads doing it at once can lose words, count wrong, or
// corrupt the tree and crash. ThreadSanitizer reports the race. (The count is done right.)
#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "task.hpp"

namespace lab02 {

std::uint64_t count_words_in_threads(std::string_view text, int workers) {
  if (workers < 1) throw std::invalid_argument("workers must be >= 1");
  std::atomic<std::uint64_t> total{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&, w] {
      Chunk chunk = chunk_of(text.size(), workers, w);
      total += count_chunk(text, chunk.begin, chunk.end);
    });
  }
  for (auto& t : threads) t.join();
  return total.load();
}

Frequencies word_frequencies_in_threads(std::string_view text, int workers) {
  if (workers < 1) throw std::invalid_argument("workers must be >= 1");
  Frequencies total;
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&, w] {
      Chunk chunk = chunk_of(text.size(), workers, w);
      for (std::string_view word : chunk_words(text, chunk.begin, chunk.end)) {
        ++total[std::string(word)];  // the race: no lock around the shared map
      }
    });
  }
  for (auto& t : threads) t.join();
  return total;
}

}  // namespace lab02
