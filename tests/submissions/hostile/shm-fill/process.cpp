// Hostile: fills the writable places bubblewrap makes besides /tmp and the working
// folder: /dev/shm (where shm_open puts its objects; bubblewrap's /dev is a tmpfs,
// which took 640 MiB before), /dev itself and the sandbox's root. It writes files of
// 60 MiB (under the 64 MiB file-size limit) until 320 MiB are written or a write
// fails. /dev/shm is a private tmpfs of 256 MiB now, and the root and /dev are
// read-only. Only the first call with 8 workers fills (the first test of
// "one child process per job"; the code under test cannot see which check runs).
// Expected (safe): the process checks end `failed`, and no place took more than 256 MiB.
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <stdexcept>
#include <string>

#include "task.hpp"

namespace lab01 {
namespace {

constexpr long kTargetMiB = 320;

// Writes 60 MiB files into `folder` until kTargetMiB or a failure; returns the MiB written.
long fill_folder(const std::string& folder) {
  const std::string chunk(1 << 20, 'x');
  long written_mib = 0;
  for (int file = 0; written_mib < kTargetMiB; ++file) {
    int fd = ::open((folder + "/ptlabs-fill-" + std::to_string(file)).c_str(),
                    O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) break;
    bool ok = true;
    for (int mib = 0; mib < 60 && ok && written_mib < kTargetMiB; ++mib) {
      ok = ::write(fd, chunk.data(), chunk.size()) == static_cast<ssize_t>(chunk.size());
      if (ok) ++written_mib;
    }
    ::close(fd);
    if (!ok) break;
  }
  return written_mib;
}

}  // namespace

std::vector<Report> run_in_processes(int n, const std::function<std::uint64_t(int)>& job) {
  (void)n;
  (void)job;
  ::prctl(PR_SET_NAME, "@PTLABS_MARKER@");  // the test looks for this name over /proc
  static bool filled = false;
  if (filled || n != 8) {
    throw std::runtime_error("hostile: nothing to fill here");
  }
  filled = true;
  ::signal(SIGXFSZ, SIG_IGN);  // past the file-size limit a write then fails with EFBIG
  const long shm = fill_folder("/dev/shm");
  const long dev = fill_folder("/dev");
  const long root = fill_folder("/");
  throw std::runtime_error("hostile: ptlabs-fill wrote " +
                           std::to_string(std::max({shm, dev, root})) +
                           " MiB at most in one place (/dev/shm " + std::to_string(shm) +
                           ", /dev " + std::to_string(dev) + ", / " + std::to_string(root) + ")");
}

}  // namespace lab01
