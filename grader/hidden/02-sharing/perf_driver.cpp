// Measurement driver of lab 02 — sharing, for `grader table`: runs ONE timed
// word-frequency count in this fresh process and prints one JSON line. Threads
// merge into memory they share; processes must send their maps back.
//
//   perf_driver threads|processes DISTINCT_WORDS WORKERS
//
// Output: {"ok": true, "wall_s": ..., "cpu_s": ..., "text_bytes": ..., "distinct": ...}
//         or {"ok": false, "error": "..."}; exit status 0 unless the usage is wrong (2).
#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <nlohmann/json.hpp>
#include <string>

#include "ptlabs/clock.hpp"
#include "support/perf_support.hpp"
#include "task.hpp"

namespace {

using ptlabs::testing::cpu_seconds;

// Every distinct word four times, spread through the text.
std::string make_text(long distinct) {
  std::string text;
  for (int round = 0; round < 4; ++round) {
    for (long w = 0; w < distinct; ++w) text += "w" + std::to_string(w * 7919 % distinct) + " ";
  }
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: perf_driver threads|processes DISTINCT_WORDS WORKERS\n");
    return 2;
  }
  const std::string variant = argv[1];
  const long distinct = std::atol(argv[2]);
  const int workers = std::atoi(argv[3]);
  if ((variant != "threads" && variant != "processes") || distinct < 1 || workers < 1) return 2;
  const std::string text = make_text(distinct);
  nlohmann::json out;
  try {
    const double cpu_start = cpu_seconds();
    const std::uint64_t start = ptlabs::now_ns();
    lab02::Frequencies counts = variant == "threads"
                                    ? lab02::word_frequencies_in_threads(text, workers)
                                    : lab02::word_frequencies_in_processes(text, workers);
    const double wall = ptlabs::seconds_since(start);
    const bool right =
        counts.size() == static_cast<std::size_t>(distinct) && counts.begin()->second == 4;
    out = right ? nlohmann::json{{"ok", true},
                                 {"wall_s", wall},
                                 {"cpu_s", cpu_seconds() - cpu_start},
                                 {"text_bytes", text.size()},
                                 {"distinct", counts.size()}}
                : nlohmann::json{{"ok", false}, {"error", "wrong frequencies"}};
  } catch (const std::exception& e) {
    out = {{"ok", false}, {"error", e.what()}};
  }
  std::printf("%s\n", out.dump().c_str());
  return 0;
}
