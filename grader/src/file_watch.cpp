#include "file_watch.hpp"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cstring>

#include "ptlabs/clock.hpp"

namespace ptlabs::grader {
namespace fs = std::filesystem;
namespace {

constexpr std::uint32_t kSaveEvents = IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE;
constexpr std::uint32_t kGoneEvents = IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED;

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

bool is_watched_name(std::string_view name) {
  if (name.empty() || name.front() == '.' || name.front() == '#') return false;
  return ends_with(name, ".cpp") || ends_with(name, ".hpp");
}

FolderWatch::~FolderWatch() {
  if (fd_ >= 0) ::close(fd_);
}

bool FolderWatch::open(const fs::path& dir, std::string* err) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd_ < 0) {
    *err = std::string("cannot start watching files (inotify_init1: ") + std::strerror(errno) +
           "); raise fs.inotify.max_user_instances or use grader check after each save";
    return false;
  }
  if (::inotify_add_watch(fd_, dir.c_str(), kSaveEvents | kGoneEvents | IN_ONLYDIR) < 0) {
    *err = "cannot watch " + dir.string() + " (" + std::strerror(errno) +
           "); is it a folder you can read?";
    ::close(fd_);
    fd_ = -1;
    return false;
  }
  dir_ = dir;
  return true;
}

bool FolderWatch::read_events(std::string* saved, bool* folder_gone) {
  alignas(inotify_event) char buffer[16 * (sizeof(inotify_event) + NAME_MAX + 1)];
  bool any = false;
  for (;;) {
    const ssize_t n = ::read(fd_, buffer, sizeof buffer);
    if (n <= 0) break;  // EAGAIN: drained
    for (ssize_t at = 0; at < n;) {
      const auto* event = reinterpret_cast<const inotify_event*>(buffer + at);
      at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
      if (event->mask & kGoneEvents) *folder_gone = true;
      if ((event->mask & kSaveEvents) && event->len > 0 && !(event->mask & IN_ISDIR) &&
          is_watched_name(event->name)) {
        *saved = event->name;
        any = true;
      }
    }
  }
  return any;
}

FolderWatch::Wait FolderWatch::wait_for_save(int interrupt_fd, int quiet_ms, std::string* saved,
                                             std::string* err) {
  bool pending = false;
  std::uint64_t last_event = 0;
  for (;;) {
    int timeout = -1;
    if (pending) {
      const auto since_ms = static_cast<int>((now_ns() - last_event) / 1'000'000);
      if (since_ms >= quiet_ms) return Wait::kSaved;
      timeout = quiet_ms - since_ms;
    }
    pollfd fds[2] = {{fd_, POLLIN, 0}, {interrupt_fd, POLLIN, 0}};
    const int ready = ::poll(fds, interrupt_fd >= 0 ? 2 : 1, timeout);
    if (ready < 0 && errno != EINTR) {
      *err = std::string("waiting for a save failed: ") + std::strerror(errno);
      return Wait::kError;
    }
    if (interrupt_fd >= 0 && (fds[1].revents & POLLIN)) return Wait::kInterrupted;
    if (ready <= 0) continue;
    bool folder_gone = false;
    if (read_events(saved, &folder_gone)) {
      pending = true;
      last_event = now_ns();
    } else if (pending) {
      last_event = now_ns();  // another event of the same burst: stay quiet longer
    }
    if (folder_gone) {
      *err = dir_.string() + " was deleted or moved; restore it (git checkout -- " +
             dir_.filename().string() + ") and start grader watch again";
      return Wait::kError;
    }
  }
}

}  // namespace ptlabs::grader
