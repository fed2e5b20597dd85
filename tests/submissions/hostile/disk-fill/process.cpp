// Hostile: fills the disk through the one folder the sandbox lets a check write on the
// real filesystem: the folder of its GoogleTest results file (--gtest_output on its own
// command line). It writes files of 60 MiB (under the 64 MiB file-size limit) until
// 320 MiB are written or a write fails, and reports how much got through. Every private
// place of a check is capped at 256 MiB; this folder should be too.
// Only the first check (ProcessModel) fills, so one grading costs at most 320 MiB.
// Expected (safe): the process checks end `failed`, and no more than 256 MiB got through.
#include <fcntl.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <fstream>
#include <stdexcept>
#include <string>

#include "task.hpp"

namespace lab01 {
namespace {

std::string results_folder(std::string* filter) {
  std::ifstream in("/proc/self/cmdline");
  std::string folder;
  for (std::string arg; std::getline(in, arg, '\0');) {
    if (arg.rfind("--gtest_output=json:", 0) == 0) folder = arg.substr(20, arg.rfind('/') - 20);
    if (arg.rfind("--gtest_filter=", 0) == 0) *filter = arg;
  }
  return folder;
}

}  // namespace

std::vector<Report> run_in_processes(int n, const std::function<std::uint64_t(int)>& job) {
  (void)n;
  (void)job;
  ::prctl(PR_SET_NAME, "@PTLABS_MARKER@");  // the test looks for this name over /proc
  std::string filter;
  const std::string folder = results_folder(&filter);
  static bool filled = false;
  if (filled || folder.empty() || filter.find("ProcessModel") == std::string::npos) {
    throw std::runtime_error("hostile: nothing to fill here");
  }
  filled = true;
  const std::string chunk(1 << 20, 'x');
  long written_mib = 0;
  for (int file = 0; written_mib < 320; ++file) {
    int fd = ::open((folder + "/fill-" + std::to_string(file)).c_str(),
                    O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) break;
    bool ok = true;
    for (int mib = 0; mib < 60 && ok && written_mib < 320; ++mib) {
      ok = ::write(fd, chunk.data(), chunk.size()) == static_cast<ssize_t>(chunk.size());
      if (ok) ++written_mib;
    }
    ::close(fd);
    if (!ok) break;
  }
  throw std::runtime_error("hostile: ptlabs-fill wrote " + std::to_string(written_mib) +
                           " MiB beside the results");
}

}  // namespace lab01
