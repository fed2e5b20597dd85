// Wrong: the threads add into one plain std::uint64_t with `total += n`. Two threads may read
// the same old value and both write back old + their count, losing one count. With one addition
// per thread that rarely shows in the answer, but it is a data race all the same, and
// ThreadSanitizer reports it. (The frequencies are done right.)
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "task.hpp"

namespace lab02 {

std::uint64_t count_words_in_threads(std::string_view text, int workers) {
  if (workers < 1) throw std::invalid_argument("workers must be >= 1");
  std::uint64_t total = 0;
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&, w] {
      Chunk chunk = chunk_of(text.size(), workers, w);
      total += count_chunk(text, chunk.begin, chunk.end);  // the race
    });
  }
  for (auto& t : threads) t.join();
  return total;
}

Frequencies word_frequencies_in_threads(std::string_view text, int workers) {
  if (workers < 1) throw std::invalid_argument("workers must be >= 1");
  Frequencies total;
  std::mutex mutex;
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&, w] {
      Chunk chunk = chunk_of(text.size(), workers, w);
      Frequencies mine;
      for (std::string_view word : chunk_words(text, chunk.begin, chunk.end)) {
        ++mine[std::string(word)];
      }
      std::lock_guard lock(mutex);
      for (const auto& [word, n] : mine) total[word] += n;
    });
  }
  for (auto& t : threads) t.join();
  return total;
}

}  // namespace lab02
