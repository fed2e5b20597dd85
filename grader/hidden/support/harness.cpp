#include "support/harness.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/nsfs.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstring>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <stdexcept>

namespace ptlabs::harness {
namespace {

namespace proto = ptlabs::subject_protocol;

std::vector<std::string> g_command;  // set_command()
bool g_wrapped = false;              // the command is bubblewrap around the subject
std::unique_ptr<Subject> g_current;

std::uint64_t monotonic_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000u +
         static_cast<std::uint64_t>(ts.tv_nsec);
}

// The filter every task of the subject runs under: the event ioctl goes to the
// harness; installing another filter is refused (it could hide events from this
// one); so are the kernel keyring calls (a root-run grader's own keyrings would be
// reachable by serial number and outlive the run) and the i386 and x32 system-call
// ABIs, which nothing here uses and which would bypass these rules by number.
bool install_event_filter(int* listener) {
  constexpr std::uint32_t kX32Bit = 0x40000000u;
  sock_filter filter[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),  // the i386 ABI (int 0x80)
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, kX32Bit, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_ioctl, 0, 3),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, args[0])),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, static_cast<std::uint32_t>(proto::kEventFd), 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_seccomp, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_add_key, 2, 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_request_key, 1, 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_keyctl, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_prctl, 0, 3),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, args[0])),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PR_SET_SECCOMP, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  sock_fprog program{static_cast<unsigned short>(sizeof filter / sizeof filter[0]), filter};
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return false;
  const long fd =
      ::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &program);
  if (fd < 0) return false;
  *listener = static_cast<int>(fd);
  return true;
}

bool send_fd(int socket, int fd) {
  char byte = 'L';
  iovec iov{&byte, 1};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  msghdr message{};
  message.msg_iov = &iov;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = sizeof control;
  cmsghdr* header = CMSG_FIRSTHDR(&message);
  header->cmsg_level = SOL_SOCKET;
  header->cmsg_type = SCM_RIGHTS;
  header->cmsg_len = CMSG_LEN(sizeof(int));
  std::memcpy(CMSG_DATA(header), &fd, sizeof(int));
  return ::sendmsg(socket, &message, MSG_NOSIGNAL) == 1;
}

// One message from the subject with the sender's pid (SO_PASSCRED) and a
// descriptor if one came along. Returns the byte count, 0 at EOF, -1 on error.
ssize_t receive(int socket, std::string* text, pid_t* sender, int* fd) {
  std::vector<char> buffer(proto::kMaxMessageBytes + 1);
  iovec iov{buffer.data(), buffer.size()};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(ucred)) + CMSG_SPACE(4 * sizeof(int))] = {};
  msghdr message{};
  message.msg_iov = &iov;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = sizeof control;
  ssize_t n;
  do {
    n = ::recvmsg(socket, &message, MSG_CMSG_CLOEXEC);
  } while (n < 0 && errno == EINTR);
  *sender = 0;
  if (fd != nullptr) *fd = -1;
  for (cmsghdr* h = CMSG_FIRSTHDR(&message); h != nullptr; h = CMSG_NXTHDR(&message, h)) {
    if (h->cmsg_level != SOL_SOCKET) continue;
    if (h->cmsg_type == SCM_CREDENTIALS) {
      ucred credentials{};
      std::memcpy(&credentials, CMSG_DATA(h), sizeof credentials);
      *sender = credentials.pid;
    } else if (h->cmsg_type == SCM_RIGHTS) {
      const std::size_t count = (h->cmsg_len - CMSG_LEN(0)) / sizeof(int);
      for (std::size_t i = 0; i < count; ++i) {
        int received = -1;
        std::memcpy(&received, CMSG_DATA(h) + i * sizeof(int), sizeof(int));
        if (fd != nullptr && *fd < 0) {
          *fd = received;
        } else {
          ::close(received);  // nobody asked for it
        }
      }
    }
  }
  if (n > 0) {
    if ((message.msg_flags & MSG_TRUNC) != 0) n = static_cast<ssize_t>(buffer.size());
    text->assign(buffer.data(), static_cast<std::size_t>(n));
  }
  return n;
}

// The last field of a /proc/TID/status line such as "NSpid:\t1234\t2".
pid_t last_field(const std::string& line) {
  const std::size_t space = line.find_last_of(" \t");
  return static_cast<pid_t>(std::atol(line.c_str() + (space == std::string::npos ? 0 : space + 1)));
}

bool read_task_status(pid_t tid, Event* event) {
  std::ifstream in("/proc/" + std::to_string(tid) + "/status");
  if (!in) return false;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("Tgid:", 0) == 0) event->tgid = last_field(line);
    if (line.rfind("PPid:", 0) == 0) event->ppid = last_field(line);
    if (line.rfind("NStgid:", 0) == 0) event->ns_tgid = last_field(line);
    if (line.rfind("NSpid:", 0) == 0) event->ns_tid = last_field(line);
  }
  return event->tgid > 0;
}

// The thread's CPU time in ns: /proc/TID/schedstat's first field (the scheduler's
// sum_exec_runtime), else utime + stime of /proc/TID/stat (clock ticks); 0 if unreadable.
std::uint64_t read_task_cpu_ns(pid_t tid) {
  {
    std::ifstream in("/proc/" + std::to_string(tid) + "/schedstat");
    unsigned long long ns = 0;
    if (in >> ns) return ns;
  }
  std::ifstream in("/proc/" + std::to_string(tid) + "/stat");
  std::string line;
  std::getline(in, line);
  const std::size_t paren = line.rfind(')');
  if (paren == std::string::npos) return 0;
  std::istringstream fields(line.substr(paren + 2));
  std::string field;
  unsigned long long utime = 0, stime = 0;
  for (int i = 3; fields >> field; ++i) {  // field 3 is the state
    if (i == 14) utime = std::strtoull(field.c_str(), nullptr, 10);
    if (i == 15) {
      stime = std::strtoull(field.c_str(), nullptr, 10);
      break;
    }
  }
  const long ticks = ::sysconf(_SC_CLK_TCK);
  return (utime + stime) *
         (1'000'000'000ull / static_cast<unsigned long long>(ticks > 0 ? ticks : 100));
}

// "killed by signal 24 (SIGXCPU)", and what a limit's signal means.
std::string describe_signal(int sig) {
  const char* name = ::sigabbrev_np(sig);
  std::string text = "killed by signal " + std::to_string(sig) +
                     (name != nullptr ? std::string(" (SIG") + name + ")" : "");
  if (sig == SIGXCPU) text += ": it used up its CPU-time limit";
  if (sig == SIGXFSZ) text += ": it wrote a file past its size limit";
  return text;
}

std::string describe_status(int status, bool wrapped) {
  if (WIFSIGNALED(status)) return describe_signal(WTERMSIG(status));
  const int code = WEXITSTATUS(status);
  if (wrapped && code > 128 && code < 128 + 65) return describe_signal(code - 128);
  return "exited with status " + std::to_string(code);
}

}  // namespace

// ------------------------------------------------------------------ state

struct Barrier {
  int parties = 0;
  double timeout_s = 0;
  std::uint64_t deadline_ns = 0;  // set at the first arrival
  bool open = false;              // every party came: later ones pass at once
  bool expired = false;           // the deadline passed first: later ones fail at once
  int peak = 0;
  std::vector<std::uint64_t> waiting;  // notification ids held
};

struct Subject::State {
  pid_t child = -1;  // what the harness forked: bubblewrap, or the subject itself
  int channel = -1;
  int listener = -1;
  std::string ended;  // how the child ended
  std::atomic<bool> stopping{false};
  std::thread supervisor;
  mutable std::mutex mutex;
  mutable std::condition_variable changed;
  std::vector<Event> events;
  pid_t subject_pid = 0, subject_ns_pid = 0;
  std::map<std::int64_t, Barrier> barriers;
  std::mt19937_64 random{std::random_device{}()};

  void supervise();
  void handle(const seccomp_notif& notice);
  void answer(std::uint64_t id, std::int64_t value) const {
    seccomp_notif_resp response{};
    response.id = id;
    response.val = value;
    ::ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &response);  // ENOENT: the task is gone
  }
  void expire_barriers();
  bool reap(int options);
};

void Subject::State::supervise() {
  while (!stopping.load()) {
    pollfd p{listener, POLLIN, 0};
    const int ready = ::poll(&p, 1, 20);
    {
      std::lock_guard lock(mutex);
      expire_barriers();
    }
    if (ready <= 0) continue;
    if ((p.revents & POLLIN) == 0) {
      if ((p.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0) return;  // no task left
      continue;
    }
    seccomp_notif notice{};
    if (::ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &notice) != 0) continue;
    handle(notice);
  }
}

void Subject::State::handle(const seccomp_notif& notice) {
  Event event;
  event.at_ns = monotonic_ns();
  event.tid = static_cast<pid_t>(notice.pid);
  event.kind = static_cast<EventKind>(notice.data.args[2]);
  event.a = static_cast<std::int64_t>(notice.data.args[3]);
  event.b = static_cast<std::int64_t>(notice.data.args[4]);
  event.c = static_cast<std::int64_t>(notice.data.args[5]);
  const bool known = read_task_status(event.tid, &event);
  event.cpu_ns = read_task_cpu_ns(event.tid);
  // The task is still stopped in its system call only if the notification is
  // still valid: then what /proc said is about that very task.
  std::uint64_t id = notice.id;
  if (!known || ::ioctl(listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) != 0) return;

  std::lock_guard lock(mutex);
  switch (event.kind) {
    case EventKind::kHello:
      if (subject_pid == 0) {
        subject_pid = event.tgid;
        subject_ns_pid = event.ns_tgid;
      }
      break;
    case EventKind::kJobBegin:
    case EventKind::kWorkBegin:
      event.answer = static_cast<std::int64_t>((random() >> 2) | (std::uint64_t{1} << 60));
      break;
    case EventKind::kArrive: {
      auto found = barriers.find(event.a);
      if (found == barriers.end() || found->second.expired) break;  // answer 0 at once
      Barrier& barrier = found->second;
      if (barrier.open) {
        event.answer = 1;
        break;
      }
      if (barrier.waiting.empty()) {
        barrier.deadline_ns = event.at_ns + static_cast<std::uint64_t>(barrier.timeout_s * 1e9);
      }
      barrier.waiting.push_back(notice.id);
      barrier.peak = std::max(barrier.peak, static_cast<int>(barrier.waiting.size()));
      if (static_cast<int>(barrier.waiting.size()) >= barrier.parties) {
        barrier.open = true;
        for (std::uint64_t held : barrier.waiting) answer(held, 1);
        barrier.waiting.clear();
      }
      event.answer = 1;  // recorded as in time; held ones are answered above or on expiry
      events.push_back(event);
      changed.notify_all();
      return;
    }
    default:
      break;
  }
  events.push_back(event);
  answer(notice.id, event.answer);
  changed.notify_all();
}

void Subject::State::expire_barriers() {
  const std::uint64_t now = monotonic_ns();
  for (auto& [id, barrier] : barriers) {
    if (barrier.open || barrier.expired || barrier.waiting.empty() || now < barrier.deadline_ns) {
      continue;
    }
    barrier.expired = true;
    for (std::uint64_t held : barrier.waiting) answer(held, 0);
    barrier.waiting.clear();
  }
}

bool Subject::State::reap(int options) {
  if (child <= 0) return true;
  int status = 0;
  const pid_t done = ::waitpid(child, &status, options);
  if (done != child) return false;
  std::lock_guard lock(mutex);
  ended = describe_status(status, g_wrapped);
  child = -1;
  return true;
}

// ------------------------------------------------------------------ Subject

void Subject::set_command(std::vector<std::string> argv, bool wrapped) {
  g_command = std::move(argv);
  g_wrapped = wrapped;
}

Subject& Subject::current() {
  if (!g_current) g_current.reset(new Subject());
  return *g_current;
}

void Subject::stop_current() { g_current.reset(); }

Subject::Subject() : state_(std::make_unique<State>()) {
  if (g_command.empty()) {
    throw std::runtime_error(
        "no subject to test: run the harness as HARNESS [gtest flags] -- SUBJECT [args]");
  }
  int sockets[2];
  if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sockets) != 0) {
    throw std::runtime_error(std::string("socketpair: ") + std::strerror(errno));
  }
  const int on = 1;
  ::setsockopt(sockets[0], SOL_SOCKET, SO_PASSCRED, &on, sizeof on);
  std::vector<char*> argv;
  for (auto& arg : g_command) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const pid_t child = ::fork();
  if (child < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (child == 0) {
    ::setpgid(0, 0);
    ::dup2(sockets[1], proto::kChannelFd);  // dup2 clears close-on-exec
    int listener = -1;
    if (!install_event_filter(&listener) || !send_fd(proto::kChannelFd, listener)) {
      // Seccomp user notification needs Linux 5.0 or later (and no seccomp policy of a
      // container runtime that forbids it): say which, since every check fails without it.
      const std::string message =
          std::string(
              "ptlabs harness: cannot install the seccomp filter that shows which "
              "task did each job (Linux 5.0 or later is needed): ") +
          std::strerror(errno) + "\n";
      (void)!::write(2, message.data(), message.size());
      ::_exit(127);
    }
    ::close_range(proto::kChannelFd + 1, ~0u, 0);
    ::execvp(argv[0], argv.data());
    const char message[] = "ptlabs harness: cannot start the subject\n";
    (void)!::write(2, message, sizeof message - 1);
    ::_exit(127);
  }
  ::close(sockets[1]);
  state_->child = child;
  state_->channel = sockets[0];
  std::string text;
  pid_t sender = 0;
  int listener = -1;
  pollfd p{state_->channel, POLLIN, 0};
  if (::poll(&p, 1, 60'000) > 0) receive(state_->channel, &text, &sender, &listener);
  if (listener < 0) {
    state_->reap(0);
    throw std::runtime_error("the subject could not be started (" + state_->ended + ")");
  }
  state_->listener = listener;
  state_->supervisor = std::thread([this] { state_->supervise(); });
  // The subject's hello comes right after its exec: wait for it, so pid() is known
  // from the start (servers that join its namespaces need it).
  std::unique_lock lock(state_->mutex);
  state_->changed.wait_for(lock, std::chrono::seconds(10),
                           [this] { return state_->subject_pid != 0; });
}

Subject::~Subject() {
  State& s = *state_;
  if (s.channel >= 0) ::close(s.channel);  // the subject's main() sees the end and returns
  const std::uint64_t give_up = monotonic_ns() + 3'000'000'000u;
  while (!s.reap(WNOHANG) && monotonic_ns() < give_up) ::usleep(2000);
  if (s.child > 0) {
    ::kill(-s.child, SIGKILL);
    ::kill(s.child, SIGKILL);
    s.reap(0);
  }
  s.stopping = true;
  if (s.supervisor.joinable()) s.supervisor.join();
  {
    std::lock_guard lock(s.mutex);
    for (auto& [id, barrier] : s.barriers) {
      for (std::uint64_t held : barrier.waiting) s.answer(held, 0);
    }
  }
  if (s.listener >= 0) ::close(s.listener);
}

Reply Subject::call(const std::string& name, const Json& args) {
  State& s = *state_;
  Reply reply;
  const std::string text = Json{{"call", name}, {"args", args}}.dump();
  ++calls_sent_;
  reply.sent_ns = monotonic_ns();
  if (s.child <= 0 || ::send(s.channel, text.data(), text.size(), MSG_NOSIGNAL) !=
                          static_cast<ssize_t>(text.size())) {
    reply.failure = "the subject is gone (" + (s.ended.empty() ? "no answer" : s.ended) + ")";
    return reply;
  }
  // An answer counts only from the subject's main process (the kernel's
  // SO_PASSCRED says who sent it): a child or a stray process cannot answer for it.
  auto take = [&](const std::string& answer) {
    reply.answered_ns = monotonic_ns();
    const Json parsed = Json::parse(answer, nullptr, false);
    if (!parsed.is_object() || !parsed.contains("ok") || !parsed["ok"].is_boolean()) {
      reply.failure = "the subject's answer is not in the protocol's form";
      return;
    }
    reply.answered = true;
    reply.ok = parsed["ok"].get<bool>();
    if (reply.ok) {
      reply.result = parsed.value("result", Json());
    } else {
      reply.exception = parsed.value("exception", std::string("unknown"));
      reply.what = parsed.value("what", std::string());
    }
  };
  while (true) {
    pollfd p{s.channel, POLLIN, 0};
    if (::poll(&p, 1, 50) > 0) {
      std::string answer;
      pid_t sender = 0;
      const ssize_t n = receive(s.channel, &answer, &sender, nullptr);
      if (n > 0 && sender != 0 && sender == pid()) {
        take(answer);
        check_strays();
        return reply;
      }
      if (n <= 0) {
        // Nobody holds the other end any more: the subject is gone, or going.
        const std::uint64_t give_up = monotonic_ns() + 2'000'000'000u;
        while (!s.reap(WNOHANG) && monotonic_ns() < give_up) ::usleep(2000);
        reply.failure =
            "the program running your code ended during the call: " +
            (s.ended.empty() ? std::string("it closed its end of the channel") : s.ended);
        check_strays();
        return reply;
      }
      continue;  // not from the subject's main process: ignored
    }
    if (s.reap(WNOHANG)) {
      reply.failure = "the program running your code ended during the call: " + s.ended;
      check_strays();
      return reply;
    }
  }
}

void Subject::check_strays() {
  for (const Event& e : events()) {
    if (e.kind != EventKind::kStrayChild || e.tgid == reported_stray_) continue;
    reported_stray_ = e.tgid;
    ADD_FAILURE() << "a child process (pid " << e.ns_tgid
                  << " in your program) returned into the test program instead of leaving "
                     "with _exit() after its job; see the hint about _exit() in the lab's README";
  }
}

void Subject::set_barrier(std::int64_t id, int parties, double timeout_s) {
  std::lock_guard lock(state_->mutex);
  Barrier barrier;
  barrier.parties = parties;
  barrier.timeout_s = timeout_s;
  state_->barriers[id] = barrier;
}

int Subject::barrier_peak(std::int64_t id) const {
  std::lock_guard lock(state_->mutex);
  auto found = state_->barriers.find(id);
  return found == state_->barriers.end() ? 0 : found->second.peak;
}

std::vector<Event> Subject::events() const {
  std::lock_guard lock(state_->mutex);
  return state_->events;
}

std::vector<Event> Subject::events_of_call(std::int64_t call, EventKind kind) const {
  std::lock_guard lock(state_->mutex);
  std::vector<Event> out;
  for (const Event& e : state_->events) {
    if (e.kind == kind && e.a == call) out.push_back(e);
  }
  return out;
}

bool Subject::wait_events(std::int64_t call, EventKind kind, std::size_t count,
                          double timeout_s) const {
  std::unique_lock lock(state_->mutex);
  return state_->changed.wait_for(lock, std::chrono::duration<double>(timeout_s), [&] {
    std::size_t seen = 0;
    for (const Event& e : state_->events) seen += (e.kind == kind && e.a == call) ? 1 : 0;
    return seen >= count;
  });
}

pid_t Subject::pid() const {
  std::lock_guard lock(state_->mutex);
  return state_->subject_pid;
}

pid_t Subject::ns_pid() const {
  std::lock_guard lock(state_->mutex);
  return state_->subject_ns_pid;
}

std::vector<Child> Subject::children() const {
  std::vector<Child> out;
  const pid_t main = pid();
  if (main <= 0) return out;
  const std::string task_dir = "/proc/" + std::to_string(main) + "/task";
  std::error_code ec;
  for (const auto& task : std::filesystem::directory_iterator(task_dir, ec)) {
    std::ifstream in(task.path() / "children");
    pid_t child = 0;
    while (in >> child) {
      Child c;
      c.pid = child;
      std::ifstream stat("/proc/" + std::to_string(child) + "/stat");
      std::string line;
      std::getline(stat, line);
      const std::size_t paren = line.rfind(')');
      if (paren != std::string::npos && paren + 2 < line.size()) c.state = line[paren + 2];
      out.push_back(c);
    }
  }
  return out;
}

NetworkEntry Subject::network_entry() const {
  NetworkEntry entry;
  entry.subject = pid();
  entry.harness_fds[0] = state_->channel;
  entry.harness_fds[1] = state_->listener;
  return entry;
}

bool enter_network(const NetworkEntry& entry) {
  for (int fd : entry.harness_fds) {
    if (fd >= 0) ::close(fd);
  }
  if (entry.subject <= 0) {
    errno = ESRCH;
    return false;
  }
  const std::string ns = "/proc/" + std::to_string(entry.subject) + "/ns/";
  struct stat mine {
  }, theirs{};
  if (::stat("/proc/self/ns/net", &mine) == 0 && ::stat((ns + "net").c_str(), &theirs) == 0 &&
      mine.st_ino == theirs.st_ino && mine.st_dev == theirs.st_dev) {
    return true;  // no sandbox: the subject shares this network
  }
  const int net = ::open((ns + "net").c_str(), O_RDONLY | O_CLOEXEC);
  if (net < 0) return false;
  bool joined = ::setns(net, CLONE_NEWNET) == 0;
  if (!joined) {
    // Not privileged over the subject's network: become a member of the user namespace
    // that owns it (NS_GET_USERNS; bubblewrap nests the subject's own user namespace
    // inside that one), then join.
    const int user = ::ioctl(net, NS_GET_USERNS);
    joined = user >= 0 && ::setns(user, CLONE_NEWUSER) == 0 && ::setns(net, CLONE_NEWNET) == 0;
    if (user >= 0) ::close(user);
  }
  ::close(net);
  return joined;
}

std::string Subject::ended() const {
  std::lock_guard lock(state_->mutex);
  return state_->ended;
}

std::string describe(const Reply& reply) {
  if (!reply.answered) return reply.failure;
  if (reply.ok) return "returned normally";
  return "threw " + reply.exception + ": " + reply.what;
}

}  // namespace ptlabs::harness
