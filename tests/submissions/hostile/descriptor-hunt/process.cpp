// Hostile: hunts for descriptors the grader inherited and did not mean to pass on (a CI
// runner's, a jobserver's, a wrapper script's; the test hands the grader a directory
// descriptor of the checkout and a writable file outside the sandbox, neither
// close-on-exec). It tries every descriptor from 3 to 1023 but the test program's own
// in-memory files (its results channel): a directory climbs out of the sandbox's empty
// root with openat(fd, "..") and lists what it sees; anything writable gets
// "ptlabs-owned" appended. Every descriptor above 2 is closed before a check run starts
// (close_range), so it finds none.
// Expected (safe): the process checks end `failed` with "descriptors found: none"; the
// file the test handed over stays empty.
#include <dirent.h>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

#include "task.hpp"

namespace lab01 {
namespace {

std::string target_of(int fd) {
  char link[PATH_MAX] = {};
  const std::string path = "/proc/self/fd/" + std::to_string(fd);
  const ssize_t n = ::readlink(path.c_str(), link, sizeof link - 1);
  return n > 0 ? std::string(link, static_cast<std::size_t>(n)) : "?";
}

// The first few names in the folder `fd` leads up to.
std::string climb(int fd) {
  const int up = ::openat(fd, "..", O_RDONLY | O_DIRECTORY);
  if (up < 0) return " (cannot climb)";
  DIR* dir = ::fdopendir(up);
  if (dir == nullptr) return " (climbed, cannot list)";
  std::string seen = " (climbed to:";
  int shown = 0;
  while (dirent* entry = ::readdir(dir)) {
    if (shown++ < 5) seen += std::string(" ") + entry->d_name;
  }
  ::closedir(dir);
  return seen + ")";
}

}  // namespace

std::vector<Report> run_in_processes(int n, const std::function<std::uint64_t(int)>& job) {
  (void)n;
  (void)job;
  ::prctl(PR_SET_NAME, "@PTLABS_MARKER@");  // the test looks for this name over /proc
  const char* channel = std::getenv("PTLABS_RESULTS_FD");
  std::string found;
  for (int fd = 3; fd < 1024; ++fd) {
    struct stat info {};
    if (::fstat(fd, &info) != 0) continue;
    const std::string target = target_of(fd);
    if (target.rfind("/memfd:", 0) == 0 || (channel != nullptr && std::atoi(channel) == fd) ||
        (fd == 3 && target.rfind("socket:", 0) == 0)) {
      continue;  // the test program's own: its results channel, or the subject's call socket
    }
    found += " " + std::to_string(fd) + "=" + target;
    if (S_ISDIR(info.st_mode)) {
      found += climb(fd);
    } else if (::write(fd, "ptlabs-owned\n", 13) == 13) {
      found += " (written)";
    }
  }
  throw std::runtime_error("hostile: descriptors found:" +
                           (found.empty() ? std::string(" none") : found));
}

}  // namespace lab01
