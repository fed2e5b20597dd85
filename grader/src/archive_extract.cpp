#include "archive_extract.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace ptlabs::grader {
namespace fs = std::filesystem;
namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

ExtractResult failure(ExtractError error, std::string message, const ExtractResult& so_far) {
  ExtractResult result = so_far;
  result.error = error;
  result.message = std::move(message);
  return result;
}

// Returns the entry's path made relative and checked, or an empty path when it
// could leave the destination (absolute, `..`, empty).
fs::path safe_relative_path(const std::string& name) {
  if (name.empty() || name.front() == '/') return {};
  fs::path relative;
  for (const auto& part : fs::path(name)) {
    const std::string text = part.string();
    if (text.empty() || text == ".") continue;
    if (text == ".." || text.front() == '/') return {};
    relative /= part;
  }
  return relative;
}

// Creates every folder from `dest` down to `relative` one level at a time,
// refusing to pass through anything that is not a real folder.
bool make_folders(const fs::path& dest, const fs::path& relative, std::string* err) {
  fs::path at = dest;
  for (const auto& part : relative) {
    at /= part;
    if (::mkdir(at.c_str(), 0755) == 0) continue;
    struct stat info {};
    if (errno == EEXIST && ::lstat(at.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) continue;
    *err = "cannot create folder " + at.string() + ": " + std::strerror(errno);
    return false;
  }
  return true;
}

struct ArchiveCloser {
  void operator()(archive* a) const { archive_read_free(a); }
};

}  // namespace

bool is_supported_archive(const fs::path& name) {
  const std::string text = name.filename().string();
  return ends_with(text, ".zip") || ends_with(text, ".tar.gz") || ends_with(text, ".tgz");
}

std::string archive_stem(const fs::path& name) {
  std::string text = name.filename().string();
  for (const char* suffix : {".tar.gz", ".tgz", ".zip"}) {
    if (ends_with(text, suffix)) return text.substr(0, text.size() - std::strlen(suffix));
  }
  return text;
}

ExtractResult extract_archive(const fs::path& archive_path, const fs::path& dest,
                              const ExtractLimits& limits) {
  ExtractResult result;
  std::unique_ptr<archive, ArchiveCloser> reader(archive_read_new());
  archive* a = reader.get();
  archive_read_support_filter_gzip(a);
  archive_read_support_format_zip(a);
  archive_read_support_format_tar(a);
  archive_read_support_format_gnutar(a);
  const std::string name = archive_path.filename().string();
  if (archive_read_open_filename(a, archive_path.c_str(), 64 << 10) != ARCHIVE_OK) {
    return failure(ExtractError::kCorrupt,
                   name + " cannot be opened as a zip or tar.gz (" + archive_error_string(a) +
                       "); re-create it with `zip -r` or `tar czf`",
                   result);
  }
  archive_entry* entry = nullptr;
  while (true) {
    const int status = archive_read_next_header(a, &entry);
    if (status == ARCHIVE_EOF) break;
    if (status < ARCHIVE_WARN) {
      return failure(ExtractError::kCorrupt,
                     name + " is damaged (" + std::string(archive_error_string(a)) +
                         "); re-create the archive",
                     result);
    }
    const char* raw = archive_entry_pathname(entry);
    const std::string entry_name = raw != nullptr ? raw : "";
    if (++result.entries > limits.max_entries) {
      return failure(ExtractError::kTooLarge,
                     name + " holds more than " + std::to_string(limits.max_entries) +
                         " entries; submit only your lab folders",
                     result);
    }
    const fs::path relative = safe_relative_path(entry_name);
    if (relative.empty()) {
      if (entry_name.find_first_not_of("./") == std::string::npos) continue;  // "./" itself
      return failure(ExtractError::kUnsafe,
                     name + " has an entry whose path leaves the archive ('" + entry_name +
                         "'); archive your folder with relative paths",
                     result);
    }
    const mode_t type = archive_entry_filetype(entry);
    if (archive_entry_hardlink(entry) != nullptr || (type != AE_IFREG && type != AE_IFDIR)) {
      const char* what = archive_entry_hardlink(entry) != nullptr ? "a hard link"
                         : type == AE_IFLNK                       ? "a symbolic link"
                                                                  : "a special file";
      return failure(ExtractError::kUnsafe,
                     name + ": entry '" + entry_name + "' is " + what +
                         "; only regular files and folders are accepted",
                     result);
    }
    std::string err;
    if (type == AE_IFDIR) {
      if (!make_folders(dest, relative, &err)) return failure(ExtractError::kIo, err, result);
      continue;
    }
    if (relative.has_parent_path() && !make_folders(dest, relative.parent_path(), &err)) {
      return failure(ExtractError::kIo, err, result);
    }
    const fs::path target = dest / relative;
    // No link can exist under dest (none is ever created), and O_NOFOLLOW makes sure.
    const int fd =
        ::open(target.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0) {
      return failure(ExtractError::kIo,
                     "cannot write " + target.string() + ": " + std::strerror(errno), result);
    }
    const void* block = nullptr;
    size_t size = 0;
    la_int64_t offset = 0;
    ExtractResult outcome = result;
    while (outcome.error == ExtractError::kNone) {
      const int read = archive_read_data_block(a, &block, &size, &offset);
      if (read == ARCHIVE_EOF) break;
      if (read < ARCHIVE_WARN) {
        outcome = failure(ExtractError::kCorrupt,
                          name + ": entry '" + entry_name + "' is damaged (" +
                              archive_error_string(a) + "); re-create the archive",
                          result);
        break;
      }
      result.bytes += size;
      // A sparse entry's offset counts too: a hole is a size, if not a disk cost.
      if (result.bytes > limits.max_total_bytes ||
          static_cast<std::uint64_t>(offset) + size > limits.max_total_bytes) {
        outcome =
            failure(ExtractError::kTooLarge,
                    name + " unpacks to more than " + std::to_string(limits.max_total_bytes >> 20) +
                        " MiB; submit only your sources",
                    result);
        break;
      }
      // Sparse entries leave holes: write each block at its offset.
      const char* bytes = static_cast<const char*>(block);
      size_t written = 0;
      while (written < size) {
        const ssize_t n = ::pwrite(fd, bytes + written, size - written,
                                   static_cast<off_t>(offset) + static_cast<off_t>(written));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
          outcome =
              failure(ExtractError::kIo,
                      "cannot write " + target.string() + ": " + std::strerror(errno), result);
          break;
        }
        written += static_cast<size_t>(n);
      }
    }
    ::close(fd);
    if (outcome.error != ExtractError::kNone) return outcome;
  }
  return result;
}

}  // namespace ptlabs::grader
