#include "kit_export.hpp"

#include <algorithm>
#include <map>
#include <system_error>

#include "child_process.hpp"

namespace ptlabs::grader {
namespace fs = std::filesystem;
namespace {

// Files and folders of the student kit. A folder rule ends with '/'.
constexpr std::string_view kStudentKit[] = {
    "labs/",
    "docs/",
    "grader/src/",
    "grader/templates/",
    "grader/hidden/support/",
    "grader/CMakeLists.txt",
    "cmake/",
    "tools/",
    "CMakeLists.txt",
    "run.sh",
    "README.md",
    ".clang-format",
    ".gitignore",
};

bool matches(std::string_view path, std::string_view rule) {
  if (rule.ends_with('/')) return path.starts_with(rule);
  return path == rule;
}

// Keeps the names that are regular files under `root`, sorted and unique.
std::vector<std::string> regular_files_only(const fs::path& root, std::vector<std::string> names) {
  std::vector<std::string> out;
  for (auto& name : names) {
    std::error_code ec;
    if (!name.empty() && fs::is_regular_file(fs::symlink_status(root / name, ec))) {
      out.push_back(std::move(name));
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool list_from_git(const fs::path& root, std::vector<std::string>* files, std::string* err) {
  Command command;
  command.argv = {"git", "-C",       root.string(), "ls-files",
                  "-z",  "--cached", "--others",    "--exclude-standard"};
  command.limits.wall_s = 60;
  command.limits.output_bytes = 64 << 20;
  const Outcome outcome = run_command(command);
  if (!outcome.succeeded()) {
    *err = "cannot list the files of the git checkout " + root.string() + " (git ls-files " +
           (outcome.started ? outcome.describe() : outcome.start_error) + "); is git installed? " +
           outcome.output.substr(0, 500);
    return false;
  }
  std::vector<std::string> names;
  std::string::size_type start = 0;
  while (start < outcome.output.size()) {
    auto end = outcome.output.find('\0', start);
    if (end == std::string::npos) end = outcome.output.size();
    names.push_back(outcome.output.substr(start, end - start));
    start = end + 1;
  }
  // stderr shares the capture; a warning line is no file under root and drops out here.
  *files = regular_files_only(root, std::move(names));
  return true;
}

bool list_by_walking(const fs::path& root, std::vector<std::string>* files, std::string* err) {
  std::vector<std::string> names;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::none, ec);
  if (ec) {
    *err = "cannot read the folder " + root.string() + ": " + ec.message();
    return false;
  }
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) {
      *err = "cannot walk " + root.string() + ": " + ec.message();
      return false;
    }
    const fs::path& path = it->path();
    if (it->is_directory(ec) && !it->is_symlink(ec)) {
      if (path.filename() == ".git" || fs::exists(path / "CMakeCache.txt", ec)) {
        it.disable_recursion_pending();
      }
      continue;
    }
    names.push_back(path.lexically_relative(root).generic_string());
  }
  *files = regular_files_only(root, std::move(names));
  return true;
}

}  // namespace

bool list_project_files(const fs::path& root, std::vector<std::string>* files, std::string* err) {
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    *err = "the project folder " + root.string() + " does not exist";
    return false;
  }
  if (fs::exists(root / ".git", ec)) return list_from_git(root, files, err);
  return list_by_walking(root, files, err);
}

bool in_student_kit(std::string_view path) {
  if (path.find("..") != std::string_view::npos) return false;
  return std::any_of(std::begin(kStudentKit), std::end(kStudentKit),
                     [&](std::string_view rule) { return matches(path, rule); });
}

bool in_gradescope_package(std::string_view path, const std::vector<std::string>& lab_ids) {
  if (in_student_kit(path)) return true;
  return std::any_of(lab_ids.begin(), lab_ids.end(), [&](const std::string& id) {
    return path.starts_with("grader/hidden/" + id + "/") && path.find("..") == std::string::npos;
  });
}

bool check_empty_destination(const fs::path& dest, std::string* err) {
  std::error_code ec;
  const auto status = fs::status(dest, ec);
  if (!fs::exists(status)) return true;
  if (!fs::is_directory(status)) {
    *err = dest.string() + " exists and is not a folder; name a new or empty folder";
    return false;
  }
  if (!fs::is_empty(dest, ec) || ec) {
    *err = "the folder " + dest.string() +
           " is not empty; name a new or empty folder (or remove it first: rm -r " + dest.string() +
           ")";
    return false;
  }
  return true;
}

bool copy_files(const fs::path& root, const std::vector<std::string>& files, const fs::path& dest,
                CopySummary* summary, std::string* err) {
  for (const auto& name : files) {
    const fs::path to = dest / name;
    std::error_code ec;
    fs::create_directories(to.parent_path(), ec);
    if (!ec) fs::copy_file(root / name, to, fs::copy_options::overwrite_existing, ec);
    if (ec) {
      *err = "cannot copy " + (root / name).string() + " to " + to.string() + ": " + ec.message();
      return false;
    }
    summary->files += 1;
    const std::uintmax_t size = fs::file_size(to, ec);
    if (!ec) summary->bytes += size;
  }
  return true;
}

std::string describe_left_out(const std::vector<std::string>& files) {
  std::map<std::string, int> groups;
  for (const auto& name : files) {
    auto slash = name.find('/');
    std::string group = slash == std::string::npos ? name : name.substr(0, slash + 1);
    if (group == "grader/") {
      auto second = name.find('/', slash + 1);
      group = second == std::string::npos ? name : name.substr(0, second + 1);
    }
    groups[group] += 1;
  }
  std::string out;
  for (const auto& [group, count] : groups) {
    if (!out.empty()) out += ", ";
    out += group + " (" + std::to_string(count) + (count == 1 ? " file)" : " files)");
  }
  return out;
}

}  // namespace ptlabs::grader
