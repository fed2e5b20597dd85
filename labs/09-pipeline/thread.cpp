// Lab 09 — the threads-only design: T threads of this process, each fetching and scoring.
#include <stdexcept>

#include "ptlabs/http_client.hpp"
#include "task.hpp"

namespace lab09 {

std::vector<Score> pipeline_threads(const std::string& host, int port,
                                    const std::vector<std::string>& paths, int threads) {
  // TODO: reject threads < 1 with std::invalid_argument; no paths gives an empty result.
  // TODO: make one slot per path for its score and one for its error before starting anything.
  // TODO: start min(threads, paths.size()) threads. Each one loops: take the next path index
  //       from a shared std::atomic counter, fetch it with ptlabs::http_get(host, port, path),
  //       and score the body with score_body() (a status other than 200, or an exception, goes
  //       into the error slot instead). The calling thread neither fetches nor scores.
  // TODO: join every thread, then throw std::runtime_error naming the path (and the status) of
  //       the first failure in path order, or return one Score{path, primes} per path, in order.
  (void)host;
  (void)port;
  (void)paths;
  (void)threads;
  throw std::logic_error(
      "lab09::pipeline_threads is not written yet (labs/09-pipeline/thread.cpp)");
}

}  // namespace lab09
