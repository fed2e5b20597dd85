// Waiting for a student to save a file in one folder, through Linux inotify.
//
// Editors save in different ways: in place (IN_CLOSE_WRITE), by writing a
// temporary file and renaming it over the old one (IN_MOVED_TO), or by
// creating a new file (IN_CREATE). All three count as a save of the file they
// end at, when that is lab code (is_watched_name). Swap, backup and lock files
// are ignored. A burst of events (one save often makes several) is merged:
// wait_for_save() returns only once the folder has been quiet for `quiet_ms`.
// Not thread-safe; one watcher per folder.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace ptlabs::grader {

// Returns true iff a file named `name` is lab code a save should re-check:
// a .cpp or .hpp file that is not hidden (.#x, .x.swp), not a backup (x~, #x#).
bool is_watched_name(std::string_view name);

class FolderWatch {
 public:
  enum class Wait { kSaved, kInterrupted, kError };

  FolderWatch() = default;
  ~FolderWatch();
  FolderWatch(const FolderWatch&) = delete;
  FolderWatch& operator=(const FolderWatch&) = delete;

  // Starts watching the files of `dir` (not its subfolders). False (with *err) on failure.
  bool open(const std::filesystem::path& dir, std::string* err);

  // Blocks until a watched file was saved and then `quiet_ms` passed without
  // another event (kSaved, *saved = the last file saved), or until `interrupt_fd`
  // is readable (kInterrupted; -1 for none), or the watch fails (kError, with
  // *err: e.g. the folder was deleted).
  Wait wait_for_save(int interrupt_fd, int quiet_ms, std::string* saved, std::string* err);

 private:
  // Reads the pending events; true iff one was a save of a watched file (*saved set).
  bool read_events(std::string* saved, bool* folder_gone);

  int fd_ = -1;
  std::filesystem::path dir_;
};

}  // namespace ptlabs::grader
