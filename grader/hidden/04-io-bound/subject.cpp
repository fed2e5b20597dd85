// Lab 04's subject calls (grader/hidden/support/subject.hpp). No test lives here:
// the harness (hidden_test.cpp) runs the HTTP server, decides what to fetch and judges
// what comes back; which task made each request is told by the kernel (the request's
// job event) and by the server (which process held the connection), not by this code.
//
// "fetch": {"model": "process" | "thread", "host": H, "port": P, "paths": [...],
//           "concurrency": C}
// calls fetch_all_in_processes or fetch_all_in_threads and returns, per body,
// {"size": bytes, "blocks": [FNV-1a 64 of each 4096-byte block, ...]}: a body can be
// several MiB, more than one answer may carry, and the harness needs only to compare it.
//
// While the call runs, every ptlabs::http_get announces a job from the task that calls
// it (ptlabs/http_observer.hpp): the harness's answer to that event is the job's token,
// which http_get sends to the server in the X-Ptlabs-Job header.
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "body_digest.hpp"
#include "ptlabs/http_observer.hpp"
#include "support/subject.hpp"
#include "task.hpp"

namespace {

using ptlabs::subject::Json;
namespace proto = ptlabs::subject_protocol;

using lab04_digest::fnv1a;
using lab04_digest::kBlockBytes;

Json digest(const std::string& body) {
  Json blocks = Json::array();
  for (std::size_t at = 0; at < body.size(); at += kBlockBytes) {
    blocks.push_back(fnv1a(body.data() + at, std::min(kBlockBytes, body.size() - at)));
  }
  return Json{{"size", body.size()}, {"blocks", std::move(blocks)}};
}

// The position of each request within the call, for the event's index (the harness
// ties requests to events by token, not by this number).
std::atomic<std::int64_t> g_request{0};

std::int64_t begin_request(const std::string&) {
  const std::int64_t token =
      proto::send_event(proto::EventKind::kJobBegin, ptlabs::subject::call_number(), g_request++);
  return token > 0 ? token : 0;
}

void end_request(std::int64_t token, int status, std::size_t bytes) {
  proto::send_event(proto::EventKind::kJobEnd, ptlabs::subject::call_number(), token,
                    static_cast<std::int64_t>(status) << 40 | static_cast<std::int64_t>(bytes));
}

PTLABS_SUBJECT_CALL("fetch", [](const Json& args) -> Json {
  const std::string host = args.value("host", "127.0.0.1");
  const int port = args.value("port", 0);
  const std::vector<std::string> paths = args.value("paths", std::vector<std::string>{});
  const int concurrency = args.value("concurrency", 0);
  g_request = 0;
  ptlabs::set_http_observer({begin_request, end_request});
  const std::vector<std::string> bodies =
      args.value("model", "") == "process"
          ? lab04::fetch_all_in_processes(host, port, paths, concurrency)
          : lab04::fetch_all_in_threads(host, port, paths, concurrency);
  Json out = Json::array();
  for (const auto& body : bodies) out.push_back(digest(body));
  return out;
});

}  // namespace
