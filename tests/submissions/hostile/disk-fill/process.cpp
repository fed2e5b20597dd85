// Hostile: fills every place a check can write. The check's working folder and /tmp
// (each a private tmpfs) get files of 60 MiB (under the 64 MiB file-size limit) until
// 320 MiB are written or a write fails; the in-memory file through which results go back
// to the grader (found among the open descriptors) gets 320 MiB in one go. Before, a
// check's results folder sat on the real disk, uncapped; now nothing a check can write
// is on the real disk, and every place is capped at 256 MiB.
// Only the first call with 8 workers fills (the first test of
// "one child process per job"; the code under test cannot see which check runs), so one grading
// costs at most 320 MiB a place. Expected (safe): the process checks end `failed` or `error`, and
// no place took more than 256 MiB.
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
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

// Appends up to kTargetMiB to every in-memory file among the open descriptors.
long fill_memory_files() {
  const std::string chunk(1 << 20, 'x');
  long most = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
    if (std::filesystem::read_symlink(entry.path(), ec).string().find("memfd:") ==
        std::string::npos) {
      continue;
    }
    const int fd = std::stoi(entry.path().filename().string());
    long written_mib = 0;
    while (written_mib < kTargetMiB &&
           ::pwrite(fd, chunk.data(), chunk.size(), written_mib << 20) ==
               static_cast<ssize_t>(chunk.size())) {
      ++written_mib;
    }
    most = std::max(most, written_mib);
  }
  return most;
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
  const long here = fill_folder(".");
  const long tmp = fill_folder("/tmp");
  const long memory = fill_memory_files();
  throw std::runtime_error(
      "hostile: ptlabs-fill wrote " + std::to_string(std::max({here, tmp, memory})) +
      " MiB at most in one place (working folder " + std::to_string(here) + ", /tmp " +
      std::to_string(tmp) + ", results channel " + std::to_string(memory) + ")");
}

}  // namespace lab01
