#include "submission.hpp"

#include <algorithm>
#include <system_error>

namespace ptlabs::grader {
namespace fs = std::filesystem;

bool check_submission_dir(const fs::path& submission, std::string* err) {
  std::error_code ec;
  auto status = fs::status(submission, ec);
  if (ec || !fs::exists(status)) {
    *err = "submission folder " + submission.string() +
           " does not exist; pass --submission DIR with the folder holding your lab folders";
    return false;
  }
  if (!fs::is_directory(status)) {
    *err = "submission " + submission.string() +
           " is not a folder; pass the folder that holds 01-spawn/ etc. (or a checkout with labs/)";
    return false;
  }
  fs::directory_iterator it(submission, ec);
  if (ec) {
    *err = "cannot read submission folder " + submission.string() + ": " + ec.message();
    return false;
  }
  return true;
}

fs::path find_lab_dir(const fs::path& submission, const Lab& lab) {
  std::error_code ec;
  if (fs::is_directory(fs::symlink_status(submission / lab.id, ec))) return submission / lab.id;
  // symlink_status() does not follow the last component only: a `labs` that is a
  // link would lead out of the submission, so it must be a real folder too.
  if (fs::is_directory(fs::symlink_status(submission / "labs", ec)) &&
      fs::is_directory(fs::symlink_status(submission / "labs" / lab.id, ec))) {
    return submission / "labs" / lab.id;
  }
  return {};
}

LabFiles collect_lab_files(const fs::path& lab_dir) {
  LabFiles files;
  files.dir = lab_dir;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(lab_dir, ec)) {
    const auto name = entry.path().filename().string();
    const auto extension = entry.path().extension();
    if (extension != ".cpp" && extension != ".hpp") continue;
    if (name == "task.hpp") continue;  // the grader's pristine copy is used
    if (entry.is_symlink(ec)) {
      files.notes.push_back(name + " is a symbolic link and was skipped; submit a regular file");
      continue;
    }
    if (!entry.is_regular_file(ec)) continue;
    if (entry.file_size(ec) > kMaxSourceBytes) {
      files.notes.push_back(name + " is larger than 1 MiB and was skipped");
      continue;
    }
    files.student_files.push_back(entry.path());
  }
  std::sort(files.student_files.begin(), files.student_files.end());
  return files;
}

}  // namespace ptlabs::grader
