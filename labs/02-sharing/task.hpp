// Lab 02 — sharing: the fixed interface. Do not edit: the grader uses its own copy.
//
// A word is a maximal run of bytes that are not whitespace; whitespace is what
// std::isspace means in the C locale: ' ', '\t', '\n', '\v', '\f' and '\r'.
// Any other byte (letters, digits, '\0', bytes >= 0x80) belongs to a word.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "ptlabs/call_log.hpp"
#include "ptlabs/clock.hpp"
#include "ptlabs/identity.hpp"

namespace lab02 {

// How many times each word occurs in a text.
using Frequencies = std::map<std::string, std::uint64_t>;

// Returns true iff `c` is whitespace in the C locale.
inline bool is_space(char c) noexcept { return c == ' ' || (c >= '\t' && c <= '\r'); }

// A byte range [begin, end) of the text.
struct Chunk {
  std::size_t begin;
  std::size_t end;
};

// Returns chunk `w` (0 <= w < workers) of a text of `size` bytes cut into `workers` nearly
// equal byte ranges: the chunks are in order, leave no gap, and their sizes differ by at most
// one byte. With more workers than bytes some chunks are empty.
inline Chunk chunk_of(std::size_t size, int workers, int w) {
  if (workers < 1 || w < 0 || w >= workers) throw std::out_of_range("lab02::chunk_of: bad worker");
  const auto n = static_cast<std::size_t>(workers);
  const auto i = static_cast<std::size_t>(w);
  const std::size_t base = size / n;
  const std::size_t extra = size % n;  // the first `extra` chunks get one byte more
  const std::size_t begin = i * base + (i < extra ? i : extra);
  return Chunk{begin, begin + base + (i < extra ? 1 : 0)};
}

// Returns true iff a word starts at byte `i` of `text`: text[i] is not whitespace and is the
// first byte of the text or follows whitespace. Counting the words that *start* in a chunk
// counts a word cut by a chunk border exactly once, in the chunk where it begins.
inline bool word_starts_at(std::string_view text, std::size_t i) noexcept {
  return !is_space(text[i]) && (i == 0 || is_space(text[i - 1]));
}

// Tags of the call log records written by the two helpers below.
inline constexpr std::uint32_t kCountChunkTag = 0x0201;
inline constexpr std::uint32_t kChunkWordsTag = 0x0202;

namespace detail {
inline void check_range(std::string_view text, std::size_t begin, std::size_t end) {
  if (begin > end || end > text.size()) {
    throw std::out_of_range("lab02: chunk [" + std::to_string(begin) + ", " + std::to_string(end) +
                            ") is not inside a text of " + std::to_string(text.size()) + " bytes");
  }
}

inline void log_call(std::uint32_t tag, std::uint64_t start_ns, std::size_t begin, std::size_t end,
                     std::size_t words) {
  ptlabs::CallRecord record;
  record.pid = ptlabs::current_pid();
  record.tid = ptlabs::current_tid();
  record.kernel = tag;
  record.start_ns = start_ns;
  record.end_ns = ptlabs::now_ns();
  record.arg0 = static_cast<std::int64_t>(begin);
  record.arg1 = static_cast<std::int64_t>(end);
  record.result = static_cast<std::int64_t>(words);
  ptlabs::CallLog::append(record);
}
}  // namespace detail

// Returns how many words of `text` start in [begin, end) (a word that starts there may end past
// `end`). Pass the WHOLE text and the chunk's range, not a substring: the byte before `begin`
// decides whether a word starts at `begin`. Every worker counts its chunk with one call of this
// helper, inside the worker: it records who made the call (the grader reads that record).
// Throws std::out_of_range unless begin <= end <= text.size().
inline std::uint64_t count_chunk(std::string_view text, std::size_t begin, std::size_t end) {
  const std::uint64_t start = ptlabs::now_ns();
  detail::check_range(text, begin, end);
  std::size_t words = 0;
  for (std::size_t i = begin; i < end; ++i) words += word_starts_at(text, i) ? 1 : 0;
  detail::log_call(kCountChunkTag, start, begin, end, words);
  return words;
}

// Returns the words of `text` that start in [begin, end), in order, as views into `text` (the
// last one may reach past `end`). The same rules as count_chunk(): the whole text, one call per
// worker, inside the worker, recorded.
inline std::vector<std::string_view> chunk_words(std::string_view text, std::size_t begin,
                                                 std::size_t end) {
  const std::uint64_t start = ptlabs::now_ns();
  detail::check_range(text, begin, end);
  std::vector<std::string_view> words;
  for (std::size_t i = begin; i < end; ++i) {
    if (!word_starts_at(text, i)) continue;
    std::size_t stop = i;
    while (stop < text.size() && !is_space(text[stop])) ++stop;
    words.push_back(text.substr(i, stop - i));
  }
  detail::log_call(kChunkWordsTag, start, begin, end, words.size());
  return words;
}

// Counts the words of `text` with `workers` child processes (resp. threads). Worker w (for
// every w in [0, workers)) counts chunk_of(text.size(), workers, w) with one call of
// count_chunk() made inside that worker; the caller only adds up what the workers found.
// workers < 1 throws std::invalid_argument; a worker that fails (a child that crashes or exits
// without its result, a thread whose call throws) makes it throw std::runtime_error naming
// the worker, after every worker was awaited.
std::uint64_t count_words_in_processes(std::string_view text, int workers);
std::uint64_t count_words_in_threads(std::string_view text, int workers);

// Returns how often each word of `text` occurs, with the same workers, chunks and rules as
// above, except that worker w takes its chunk's words with one call of chunk_words().
Frequencies word_frequencies_in_processes(std::string_view text, int workers);
Frequencies word_frequencies_in_threads(std::string_view text, int workers);

}  // namespace lab02
