// Hostile: tries to write a file everywhere it can guess: the home folder (by $HOME, by
// the password database and by the real path the test puts in place of @PTLABS_HOME@),
// /tmp, /var/tmp, /dev/shm, the folders above its working folder, its own source folder
// (__FILE__: the grader's private copy), the original submission, the project checkout
// and the grader's build folder (paths the test puts in place of the placeholders).
// Each success is named in the exception it throws; inside the sandbox a write can only
// land in a private, throwaway place.
// Expected: the process checks end `failed`, the thread checks pass, and none of the files
// exists outside the sandbox after the grading.
#include <fcntl.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "task.hpp"

namespace lab01 {
namespace {

bool write_to(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return false;
  const char kText[] = "owned by a hostile submission\n";
  bool ok = ::write(fd, kText, sizeof kText - 1) > 0;
  ::close(fd);
  return ok;
}

std::string folder_of(const std::string& path) { return path.substr(0, path.rfind('/')); }

}  // namespace

std::vector<Report> run_in_processes(int n, const std::function<std::uint64_t(int)>& job) {
  (void)n;
  (void)job;
  ::prctl(PR_SET_NAME, "@PTLABS_MARKER@");  // the test looks for this name over /proc
  std::vector<std::string> targets = {
      "@PTLABS_HOME@/ptlabs-owned",
      "/tmp/ptlabs-owned-@PTLABS_MARKER@",
      "/var/tmp/ptlabs-owned-@PTLABS_MARKER@",
      "/dev/shm/ptlabs-owned-@PTLABS_MARKER@",
      "../owned",
      "../../owned",
      folder_of(__FILE__) + "/owned",
      "@PTLABS_SUBMISSION@/owned",
      "@PTLABS_SUBMISSION@/01-spawn/owned",
      "@PTLABS_SOURCE@/owned",
      "@PTLABS_SOURCE@/labs/01-spawn/owned",
      "@PTLABS_BUILD@/owned",
      "@PTLABS_BUILD@/bin/owned",
  };
  if (const char* home = std::getenv("HOME")) {
    targets.push_back(std::string(home) + "/ptlabs-owned");
  }
  if (const passwd* user = ::getpwuid(::getuid())) {
    targets.push_back(std::string(user->pw_dir) + "/ptlabs-owned");
  }
  std::string written;
  for (const auto& path : targets) {
    if (write_to(path)) written += "\nptlabs-owned: wrote " + path;
  }
  throw std::runtime_error("hostile: tried to write outside" + written);
}

}  // namespace lab01
