#include "gradescope_package.hpp"

#include <fstream>
#include <sstream>

#include "child_process.hpp"

namespace ptlabs::grader {
namespace fs = std::filesystem;
namespace {

bool read_text(const fs::path& path, std::string* text, std::string* err) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *err = "cannot read " + path.string() + "; is this a complete ptlabs checkout?";
    return false;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  *text = buffer.str();
  return true;
}

bool write_executable(const fs::path& path, const std::string& text, std::string* err) {
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) {
      *err = "cannot write " + path.string();
      return false;
    }
  }
  std::error_code ec;
  fs::permissions(path,
                  fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                      fs::perms::others_read | fs::perms::others_exec,
                  ec);
  if (ec) {
    *err = "cannot make " + path.string() + " executable: " + ec.message();
    return false;
  }
  return true;
}

}  // namespace

std::string fill_gradescope_template(std::string text, const std::vector<std::string>& lab_ids) {
  std::string labs;
  for (const auto& id : lab_ids) labs += (labs.empty() ? "" : " ") + id;
  const std::string marker = "@LABS@";
  for (auto at = text.find(marker); at != std::string::npos; at = text.find(marker, at)) {
    text.replace(at, marker.size(), labs);
    at += labs.size();
  }
  return text;
}

bool stage_gradescope_package(const fs::path& source, const std::vector<std::string>& lab_ids,
                              const fs::path& stage, CopySummary* summary, std::string* err) {
  std::vector<std::string> all;
  if (!list_project_files(source, &all, err)) return false;
  std::vector<std::string> kept;
  for (const auto& name : all) {
    if (in_gradescope_package(name, lab_ids)) kept.push_back(name);
  }
  if (!copy_files(source, kept, stage, summary, err)) return false;
  for (const char* script : {"setup.sh", "run_autograder"}) {
    std::string text;
    if (!read_text(source / kGradescopeTemplates / script, &text, err) ||
        !write_executable(stage / script, fill_gradescope_template(text, lab_ids), err)) {
      return false;
    }
    summary->files += 1;
  }
  return true;
}

bool zip_folder(const fs::path& folder, const fs::path& zip, std::string* err) {
  const fs::path target = fs::absolute(zip);
  const fs::path temporary = target.string() + ".tmp";
  std::error_code ec;
  fs::remove(temporary, ec);  // zip adds to an archive that exists
  Command command;
  command.argv = {"zip", "-q", "-r", "-X", temporary.string(), "."};
  command.workdir = folder;
  command.limits.wall_s = 300;
  const Outcome outcome = run_command(command);
  if (!outcome.succeeded()) {
    *err = "zip " + (outcome.started ? outcome.describe() : outcome.start_error) + " (" +
           outcome.output.substr(0, 500) + "); is zip installed? (apt-get install zip)";
    fs::remove(temporary, ec);
    return false;
  }
  fs::rename(temporary, target, ec);
  if (ec) {
    *err = "cannot move the package into place at " + target.string() + ": " + ec.message();
    fs::remove(temporary, ec);
    return false;
  }
  return true;
}

}  // namespace ptlabs::grader
