// main() of a lab's subject: serves the harness's calls one at a time on
// kChannelFd until the harness closes it (subject_protocol.hpp, subject.hpp).
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <map>
#include <stdexcept>
#include <vector>

#include "support/subject.hpp"

namespace ptlabs::subject {
namespace {

namespace proto = ptlabs::subject_protocol;

std::map<std::string, CallFn>& calls() {
  static std::map<std::string, CallFn> table;
  return table;
}

std::int64_t g_call_number = 0;

std::string capped(std::string text) {
  if (text.size() > proto::kMaxWhatBytes) {
    text.resize(proto::kMaxWhatBytes);
    text += " [cut]";
  }
  return text;
}

Json thrown(const char* type, const std::string& what) {
  return Json{{"ok", false}, {"exception", type}, {"what", capped(what)}};
}

// Runs one call; what the student's code throws becomes the answer.
Json serve(const Json& request) {
  if (!request.is_object() || !request.contains("call") || !request["call"].is_string()) {
    return thrown("protocol", "the call is not {\"call\": NAME, \"args\": ...}");
  }
  const std::string name = request["call"].get<std::string>();
  auto found = calls().find(name);
  if (found == calls().end()) return thrown("protocol", "this subject has no call '" + name + "'");
  const Json args = request.value("args", Json::object());
  try {
    return Json{{"ok", true}, {"result", found->second(args)}};
  } catch (const std::invalid_argument& e) {
    return thrown("invalid_argument", e.what());
  } catch (const std::out_of_range& e) {
    return thrown("out_of_range", e.what());
  } catch (const std::runtime_error& e) {
    return thrown("runtime_error", e.what());
  } catch (const std::logic_error& e) {
    return thrown("logic_error", e.what());
  } catch (const std::exception& e) {
    return thrown("exception", e.what());
  } catch (...) {
    return thrown("unknown", "an exception that is not a std::exception");
  }
}

void send_answer(const Json& answer) {
  std::string text = answer.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (text.size() > proto::kMaxMessageBytes) {
    text = thrown("protocol", "the answer is larger than the protocol allows").dump();
  }
  while (::send(proto::kChannelFd, text.data(), text.size(), MSG_NOSIGNAL) < 0 && errno == EINTR) {
  }
}

}  // namespace

bool register_call(const std::string& name, CallFn fn) {
  calls()[name] = std::move(fn);
  return true;
}

std::int64_t call_number() { return g_call_number; }

std::int64_t begin_job(std::int64_t index) {
  const std::int64_t input = proto::send_event(proto::EventKind::kJobBegin, g_call_number, index);
  if (input <= 0) throw std::runtime_error("the harness gave no input for this job");
  return input;
}

void end_job(std::int64_t index, std::int64_t output) {
  proto::send_event(proto::EventKind::kJobEnd, g_call_number, index, output);
}

bool arrive(std::int64_t id, std::int64_t index) {
  return proto::send_event(proto::EventKind::kArrive, id, index) == 1;
}

void mark(std::int64_t tag, std::int64_t value) {
  proto::send_event(proto::EventKind::kMark, g_call_number, tag, value);
}

}  // namespace ptlabs::subject

int main() {
  namespace proto = ptlabs::subject_protocol;
  using ptlabs::subject::Json;
  std::signal(SIGPIPE, SIG_IGN);
  const pid_t main_pid = ::getpid();
  proto::send_event(proto::EventKind::kHello);
  std::vector<char> buffer(proto::kMaxMessageBytes);
  while (true) {
    const ssize_t n = ::recv(proto::kChannelFd, buffer.data(), buffer.size(), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return n == 0 ? 0 : 2;
    ++ptlabs::subject::g_call_number;
    const Json request = Json::parse(buffer.data(), buffer.data() + n, nullptr, false);
    const Json answer = ptlabs::subject::serve(request);
    if (::getpid() != main_pid) {
      // A child process came back from the student's function instead of leaving
      // with _exit(): it must not answer for its parent.
      proto::send_event(proto::EventKind::kStrayChild);
      static const char kMessage[] =
          "ptlabs: a child process returned into the test program; a child must leave with "
          "_exit() after its job\n";
      (void)!::write(2, kMessage, sizeof kMessage - 1);
      ::_exit(97);
    }
    ptlabs::subject::send_answer(answer);
  }
}
