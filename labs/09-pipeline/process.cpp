// Lab 09 — the two designs with child processes: processes only, and the hybrid (a pool of
// scoring processes fed by fetching threads).
#include <stdexcept>

#include "ptlabs/http_client.hpp"
#include "task.hpp"

namespace lab09 {

std::vector<Score> pipeline_processes(const std::string& host, int port,
                                      const std::vector<std::string>& paths, int processes) {
  // TODO: reject processes < 1 with std::invalid_argument; no paths gives an empty result.
  // TODO: fork W = min(processes, paths.size()) children, each with its own pipe, before
  //       awaiting any. Child w fetches the paths w, w + W, w + 2W, ... one at a time with
  //       ptlabs::http_get(), scores each body with score_body(), and writes one record per path
  //       to its pipe (index, status, score; the error text if http_get threw). It stops at its
  //       first failure and leaves with _exit().
  // TODO: read all the pipes at once with poll(); when a pipe reaches end of file, waitpid()
  //       that child (its pid, not -1: the test server is your child too).
  // TODO: once every child is reaped, throw std::runtime_error naming the path (and the status)
  //       of a failure, or return one Score{path, primes} per path, in the order of `paths`.
  (void)host;
  (void)port;
  (void)paths;
  (void)processes;
  throw std::logic_error(
      "lab09::pipeline_processes is not written yet (labs/09-pipeline/process.cpp)");
}

std::vector<Score> pipeline_hybrid(const std::string& host, int port,
                                   const std::vector<std::string>& paths, int fetchers,
                                   int scorers) {
  // TODO: reject fetchers < 1 or scorers < 1 with std::invalid_argument; no paths gives {}.
  // TODO: FIRST, while this is the only thread: fork the pool of W = min(scorers, N) scorers,
  //       each with a task pipe (you write bodies) and a result pipe (you read scores). A scorer
  //       closes the ends it does not use, including the ends of the scorers forked before it,
  //       then loops: read a task record (index, size, body bytes), score_body(body), write a
  //       result record (index, score); at end of file it leaves with _exit(0).
  // TODO: THEN start min(fetchers, N) threads. Each one loops: take the next path index from a
  //       shared std::atomic counter, fetch it, and write its task record to scorer index % W
  //       (one writer at a time per pipe: a mutex per scorer). A failed fetch goes into that
  //       path's error slot. The last thread to finish closes the task pipes.
  // TODO: meanwhile, in the calling thread: read the result pipes with poll() until each one
  //       reaches end of file, waitpid() each scorer, join every thread, then throw the failure
  //       of the lowest path index or return the scores in the order of `paths`.
  (void)host;
  (void)port;
  (void)paths;
  (void)fetchers;
  (void)scorers;
  throw std::logic_error(
      "lab09::pipeline_hybrid is not written yet (labs/09-pipeline/process.cpp)");
}

}  // namespace lab09
