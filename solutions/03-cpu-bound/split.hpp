// Lab 03 — reference: how the range is cut into pieces and dealt to workers.
//
// The cost of testing n by trial division grows like sqrt(n), so equal slices
// would leave the last worker with the most work. The range is cut into many
// more pieces than workers and dealt round-robin: worker w takes pieces
// w, w + W, w + 2W, ..., so every worker gets a fair mix of cheap and dear ones.
#pragma once

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace lab03 {

inline constexpr std::int64_t kPiecesPerWorker = 16;

inline void check_workers(int workers) {
  if (workers < 1) {
    throw std::invalid_argument("workers must be >= 1, got " + std::to_string(workers));
  }
}

// Returns the pieces [a, b) of [lo, hi) that worker `w` of `workers` counts.
inline std::vector<std::pair<std::int64_t, std::int64_t>> pieces_for(std::int64_t lo,
                                                                     std::int64_t hi, int w,
                                                                     int workers) {
  std::vector<std::pair<std::int64_t, std::int64_t>> pieces;
  if (lo >= hi) return pieces;
  const std::int64_t size = hi - lo;
  const std::int64_t count = std::min<std::int64_t>(size, kPiecesPerWorker * workers);
  for (std::int64_t p = w; p < count; p += workers) {
    pieces.emplace_back(lo + size * p / count, lo + size * (p + 1) / count);
  }
  return pieces;
}

}  // namespace lab03
