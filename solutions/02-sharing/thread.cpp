// Lab 02 — reference thread version: `workers` threads of this process share one result.
//
// The threads see the caller's memory, so they can all add into the same total and the same
// map, which is also why those need protection: the count is a std::atomic, and the map is
// guarded by a std::mutex. Each thread builds its partial map privately first and holds the
// lock only to merge it, so the threads do not queue for the lock on every word.
#include <atomic>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

#include "task.hpp"

namespace lab02 {
namespace {

void check_workers(int workers) {
  if (workers < 1) {
    throw std::invalid_argument("workers must be >= 1, got " + std::to_string(workers));
  }
}

// Runs body(w) in one thread per worker, all started before any is joined. Throws
// std::runtime_error naming the first worker whose body threw, after every thread was joined.
template <typename Body>
void run_threads(int workers, const Body& body) {
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(workers));
  {
    std::vector<std::jthread> threads;  // joined when this block ends, even on an exception
    threads.reserve(static_cast<std::size_t>(workers));
    for (int w = 0; w < workers; ++w) {
      threads.emplace_back([w, &body, &errors] {
        try {
          body(w);
        } catch (...) {
          errors[static_cast<std::size_t>(w)] = std::current_exception();
        }
      });
    }
  }
  for (std::size_t w = 0; w < errors.size(); ++w) {
    if (!errors[w]) continue;
    try {
      std::rethrow_exception(errors[w]);
    } catch (const std::exception& e) {
      throw std::runtime_error("worker " + std::to_string(w) + " failed: " + e.what());
    } catch (...) {
      throw std::runtime_error("worker " + std::to_string(w) + " failed: unknown exception");
    }
  }
}

}  // namespace

std::uint64_t count_words_in_threads(std::string_view text, int workers) {
  check_workers(workers);
  std::atomic<std::uint64_t> total{0};
  run_threads(workers, [&](int w) {
    const Chunk chunk = chunk_of(text.size(), workers, w);
    total.fetch_add(count_chunk(text, chunk.begin, chunk.end), std::memory_order_relaxed);
  });
  return total.load();  // the joins order every fetch_add before this load
}

Frequencies word_frequencies_in_threads(std::string_view text, int workers) {
  check_workers(workers);
  Frequencies total;
  std::mutex total_mutex;
  run_threads(workers, [&](int w) {
    const Chunk chunk = chunk_of(text.size(), workers, w);
    Frequencies mine;
    for (std::string_view word : chunk_words(text, chunk.begin, chunk.end)) {
      ++mine[std::string(word)];
    }
    std::lock_guard lock(total_mutex);
    for (const auto& [word, count] : mine) total[word] += count;
  });
  return total;
}

}  // namespace lab02
