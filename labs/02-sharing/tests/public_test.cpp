// Public tests of lab 02 — sharing. Run them against your own files with
//   build/bin/grader check 02
// or, for these tests alone (ctest does not rebuild):
//   cmake --build build && ctest --test-dir build -L lab02 --output-on-failure
// The grader's hidden suite checks more: edge texts, every chunk border, large maps, which
// processes and threads did the counting, and (under ThreadSanitizer) data races.
#include <gtest/gtest.h>

#include <stdexcept>

#include "task.hpp"

namespace {

const char kText[] = "the quick brown fox jumps over the lazy dog\tthe end\n";

TEST(PublicSharing, ChunksCoverTheText) {
  // The helper from task.hpp: 10 bytes in 3 chunks.
  EXPECT_EQ(lab02::chunk_of(10, 3, 0).begin, 0u);
  EXPECT_EQ(lab02::chunk_of(10, 3, 0).end, 4u);
  EXPECT_EQ(lab02::chunk_of(10, 3, 1).end, 7u);
  EXPECT_EQ(lab02::chunk_of(10, 3, 2).end, 10u);
  // "hello world" cut at byte 3 ("hel|lo world"): "hello" starts in the first chunk only.
  EXPECT_EQ(lab02::count_chunk("hello world", 0, 3), 1u);
  EXPECT_EQ(lab02::count_chunk("hello world", 3, 11), 1u);
}

TEST(PublicSharing, ProcessesCountWords) {
  EXPECT_EQ(lab02::count_words_in_processes(kText, 1), 11u);
  EXPECT_EQ(lab02::count_words_in_processes(kText, 4), 11u);
  EXPECT_EQ(lab02::count_words_in_processes("hello world", 4), 2u) << "words cut by borders";
  EXPECT_EQ(lab02::count_words_in_processes("", 3), 0u);
}

TEST(PublicSharing, ThreadsCountWords) {
  EXPECT_EQ(lab02::count_words_in_threads(kText, 1), 11u);
  EXPECT_EQ(lab02::count_words_in_threads(kText, 4), 11u);
  EXPECT_EQ(lab02::count_words_in_threads("hello world", 4), 2u) << "words cut by borders";
  EXPECT_EQ(lab02::count_words_in_threads("", 3), 0u);
}

TEST(PublicSharing, ProcessesSendTheirMapsBack) {
  auto frequencies = lab02::word_frequencies_in_processes(kText, 3);
  EXPECT_EQ(frequencies.size(), 9u);
  EXPECT_EQ(frequencies["the"], 3u);
  EXPECT_EQ(frequencies["fox"], 1u);
}

TEST(PublicSharing, ThreadsShareOneMap) {
  auto frequencies = lab02::word_frequencies_in_threads(kText, 3);
  EXPECT_EQ(frequencies.size(), 9u);
  EXPECT_EQ(frequencies["the"], 3u);
  EXPECT_EQ(frequencies["end"], 1u);
}

TEST(PublicSharing, BadWorkerCountIsRejected) {
  EXPECT_THROW(lab02::count_words_in_processes(kText, 0), std::invalid_argument);
  EXPECT_THROW(lab02::count_words_in_threads(kText, 0), std::invalid_argument);
  EXPECT_THROW(lab02::word_frequencies_in_processes(kText, -1), std::invalid_argument);
  EXPECT_THROW(lab02::word_frequencies_in_threads(kText, -1), std::invalid_argument);
}

}  // namespace
