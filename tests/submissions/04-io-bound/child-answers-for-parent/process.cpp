// HOSTILE (child-answers-for-parent): the "process" version implements nothing. It forks
// one child that writes a made-up successful answer on the subject's call socket
// (descriptor 3, the protocol of subject_protocol.hpp: {"ok": true, "result": [...]},
// each body's digest computed from ptlabs::testing::HttpTestServer::expected_body the way
// the hidden subject.cpp does), while the caller waits for it and then throws.
// The harness takes answers only from the subject's main process (SO_PASSCRED): the
// child's answer is ignored, the caller's exception is the answer, and every process
// check must fail; the thread checks pass (the reference thread.cpp).
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <stdexcept>
#include <string>

#include "ptlabs/testing/http_test_server.hpp"
#include "task.hpp"

namespace lab04 {
namespace {

std::uint64_t fnv1a(const char* data, std::size_t size) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (std::size_t i = 0; i < size; ++i) {
    hash ^= static_cast<unsigned char>(data[i]);
    hash *= 0x100000001b3ull;
  }
  return hash;
}

std::string forged_answer(const std::vector<std::string>& paths) {
  std::string result = "[";
  for (const auto& path : paths) {
    const std::string body = ptlabs::testing::HttpTestServer::expected_body(path);
    std::string blocks;
    for (std::size_t at = 0; at < body.size(); at += 4096) {
      const std::size_t n = body.size() - at < 4096 ? body.size() - at : 4096;
      blocks += (blocks.empty() ? "" : ",") + std::to_string(fnv1a(body.data() + at, n));
    }
    result += (result.size() > 1 ? "," : "") + std::string("{\"size\":") +
              std::to_string(body.size()) + ",\"blocks\":[" + blocks + "]}";
  }
  return "{\"ok\":true,\"result\":" + result + "]}";
}

}  // namespace

std::vector<std::string> fetch_all_in_processes(const std::string&, int,
                                                const std::vector<std::string>& paths, int) {
  const pid_t child = ::fork();
  if (child == 0) {
    const std::string answer = forged_answer(paths);
    ::send(3, answer.data(), answer.size(), MSG_NOSIGNAL);
    ::_exit(0);
  }
  ::waitpid(child, nullptr, 0);
  ::usleep(200'000);  // let the harness read the forged answer first
  throw std::logic_error("lab04::fetch_all_in_processes is not written");
}

}  // namespace lab04
