// Lab 04 — io-bound: the fixed interface. Do not edit: the grader uses its own copy.
#pragma once
#include <string>
#include <vector>
namespace lab04 {
// Fetches every path of `paths` with HTTP GET from host:port (ptlabs::http_get), keeping at most
// `concurrency` requests in flight at any moment and, when there are enough paths, close to that
// many. Returns the bodies in the order of `paths`, byte-exact (bodies may be binary and several
// MiB). A path answered with a status other than 200 makes it throw std::runtime_error naming
// that path and the status; an unreachable server makes it throw std::runtime_error. Either way
// every worker is awaited first. concurrency < 1 throws std::invalid_argument; no paths gives {}.
// Every path is fetched by a worker of its own, started for it: a child process in the process
// version, a thread of the calling process in the thread version; at most `concurrency` workers
// are alive at once.
std::vector<std::string> fetch_all_in_processes(const std::string& host, int port,
                                                const std::vector<std::string>& paths,
                                                int concurrency);
std::vector<std::string> fetch_all_in_threads(const std::string& host, int port,
                                              const std::vector<std::string>& paths,
                                              int concurrency);
}  // namespace lab04
