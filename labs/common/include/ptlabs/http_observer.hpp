// An observer of ptlabs::http_get, for the grader's subject (grader/hidden/04-io-bound/
// subject.cpp): before each request it may name a job token that http_get sends as the
// header "X-Ptlabs-Job: <token>", and it hears how the request ended. The token comes
// from the harness (a job's input, subject_protocol.hpp), so the harness's HTTP server
// can tie each request to the task the kernel saw begin it. Nothing here is evidence on
// its own: a program that skips or replaces the observer only sends requests the
// harness cannot tie to any task. Without an observer (the default) http_get sends no
// such header.
#pragma once

#include <cstdint>
#include <string>

namespace ptlabs {

struct HttpObserver {
  // Called by the task about to send GET `path`; returns the token (> 0) or 0 for none.
  std::int64_t (*begin)(const std::string& path) = nullptr;
  // Called by the same task when the request is over: status (0 if it threw) and body size.
  void (*end)(std::int64_t token, int status, std::size_t body_bytes) = nullptr;
};

// Installs `observer` for every later http_get of this process (and of children it forks).
void set_http_observer(const HttpObserver& observer);

// The header that carries the token.
inline constexpr char kHttpJobHeader[] = "X-Ptlabs-Job";

}  // namespace ptlabs
