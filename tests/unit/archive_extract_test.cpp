#include "archive_extract.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>
#include <sstream>

namespace ptlabs::grader {
namespace {
namespace fs = std::filesystem;

// One entry of a hand-made archive: hostile ones included, which is why the
// tests write archives with libarchive rather than with zip or tar.
struct Entry {
  std::string name;
  std::string content;
  mode_t type = AE_IFREG;
  std::string link;  // symlink target, or hard link source when hardlink is true
  bool hardlink = false;
};

Entry file(const std::string& name, const std::string& content) {
  return {name, content, AE_IFREG, "", false};
}
Entry folder(const std::string& name) { return {name, "", AE_IFDIR, "", false}; }
Entry symlink_entry(const std::string& name, const std::string& target) {
  return {name, "", AE_IFLNK, target, false};
}
Entry hardlink_entry(const std::string& name, const std::string& target) {
  return {name, "", AE_IFREG, target, true};
}

enum class Format { kZip, kTarGz };

void write_archive(const fs::path& path, Format format, const std::vector<Entry>& entries) {
  archive* a = archive_write_new();
  if (format == Format::kZip) {
    archive_write_set_format_zip(a);
  } else {
    archive_write_set_format_pax_restricted(a);
    archive_write_add_filter_gzip(a);
  }
  ASSERT_EQ(archive_write_open_filename(a, path.c_str()), ARCHIVE_OK) << archive_error_string(a);
  for (const auto& e : entries) {
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, e.name.c_str());
    if (e.hardlink) {
      archive_entry_set_hardlink(entry, e.link.c_str());
      archive_entry_set_filetype(entry, AE_IFREG);
    } else {
      archive_entry_set_filetype(entry, e.type);
    }
    archive_entry_set_perm(entry, e.type == AE_IFDIR ? 0755 : 0644);
    if (e.type == AE_IFLNK) archive_entry_set_symlink(entry, e.link.c_str());
    archive_entry_set_size(
        entry, e.type == AE_IFREG && !e.hardlink ? static_cast<la_int64_t>(e.content.size()) : 0);
    ASSERT_EQ(archive_write_header(a, entry), ARCHIVE_OK) << archive_error_string(a);
    if (e.type == AE_IFREG && !e.content.empty() && !e.hardlink) {
      archive_write_data(a, e.content.data(), e.content.size());
    }
    archive_entry_free(entry);
  }
  archive_write_close(a);
  archive_write_free(a);
}

std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class ArchiveExtract : public testing::TestWithParam<Format> {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/ptlabs-archive-test-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    root_ = pattern;
    fs::create_directories(dest());
  }
  void TearDown() override { fs::remove_all(root_); }
  fs::path archive() const {
    return root_ / (GetParam() == Format::kZip ? "alice.zip" : "alice.tar.gz");
  }
  fs::path dest() const { return root_ / "out"; }
  ExtractResult extract(const std::vector<Entry>& entries, ExtractLimits limits = {}) {
    write_archive(archive(), GetParam(), entries);
    return extract_archive(archive(), dest(), limits);
  }
  // True iff nothing at all was written outside dest().
  bool nothing_outside() const {
    for (const auto& entry : fs::directory_iterator(root_)) {
      if (entry.path() != dest() && entry.path() != archive()) return false;
    }
    return true;
  }
  fs::path root_;
};

TEST_P(ArchiveExtract, UnpacksFilesAndFoldersWithSafePermissions) {
  ExtractResult result = extract({folder("01-spawn/"), file("01-spawn/process.cpp", "int p;\n"),
                                  file("01-spawn/thread.cpp", "int t;\n"),
                                  file("./labs/02-sharing/process.cpp", "int q;\n")});
  ASSERT_EQ(result.error, ExtractError::kNone) << result.message;
  EXPECT_EQ(result.entries, 4u);
  EXPECT_EQ(result.bytes, 21u);
  EXPECT_EQ(read(dest() / "01-spawn" / "process.cpp"), "int p;\n");
  EXPECT_EQ(read(dest() / "labs" / "02-sharing" / "process.cpp"), "int q;\n")
      << "parent folders are created even without their own entry";
  EXPECT_EQ(fs::status(dest() / "01-spawn" / "thread.cpp").permissions(),
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                fs::perms::others_read);
}

TEST_P(ArchiveExtract, RefusesAPathThatClimbsOut) {
  ExtractResult result =
      extract({file("01-spawn/process.cpp", "ok"), file("../../evil.cpp", "pwned")});
  EXPECT_EQ(result.error, ExtractError::kUnsafe);
  EXPECT_NE(result.message.find("../../evil.cpp"), std::string::npos) << result.message;
  EXPECT_TRUE(nothing_outside());
  EXPECT_FALSE(fs::exists(root_.parent_path() / "evil.cpp"));
}

TEST_P(ArchiveExtract, RefusesADotDotInTheMiddle) {
  ExtractResult result = extract({file("01-spawn/../../sneaky.cpp", "pwned")});
  EXPECT_EQ(result.error, ExtractError::kUnsafe) << result.message;
  EXPECT_TRUE(nothing_outside());
}

TEST_P(ArchiveExtract, RefusesAnAbsolutePath) {
  const fs::path target = root_ / "absolute.cpp";
  ExtractResult result = extract({file(target.string(), "pwned")});
  EXPECT_EQ(result.error, ExtractError::kUnsafe) << result.message;
  EXPECT_FALSE(fs::exists(target));
}

TEST_P(ArchiveExtract, RefusesASymlinkEntryAndWritesNothingThroughIt) {
  // The classic: a link to outside, then a file written "into" the link.
  ExtractResult result =
      extract({symlink_entry("escape", root_.string()), file("escape/planted.cpp", "pwned")});
  EXPECT_EQ(result.error, ExtractError::kUnsafe);
  EXPECT_NE(result.message.find("symbolic link"), std::string::npos) << result.message;
  EXPECT_FALSE(fs::exists(root_ / "planted.cpp"));
  EXPECT_FALSE(fs::exists(fs::symlink_status(dest() / "escape")));
}

TEST_P(ArchiveExtract, StopsABombBySize) {
  ExtractLimits limits;
  limits.max_total_bytes = 1 << 20;
  // Compresses to almost nothing; unpacks past the cap.
  ExtractResult result = extract(
      {file("a.cpp", std::string(600 << 10, 'a')), file("b.cpp", std::string(600 << 10, 'b'))},
      limits);
  EXPECT_EQ(result.error, ExtractError::kTooLarge);
  EXPECT_LE(result.bytes, (1u << 20) + (256u << 10)) << "stops within one block of the cap";
  EXPECT_LT(fs::file_size(archive()), 64u << 10) << "a real bomb: small packed, big unpacked";
}

TEST_P(ArchiveExtract, StopsABombByEntryCount) {
  ExtractLimits limits;
  limits.max_entries = 50;
  std::vector<Entry> entries;
  for (int i = 0; i < 51; ++i) entries.push_back(file("f" + std::to_string(i) + ".cpp", "x"));
  ExtractResult result = extract(entries, limits);
  EXPECT_EQ(result.error, ExtractError::kTooLarge);
  EXPECT_NE(result.message.find("more than 50 entries"), std::string::npos) << result.message;
  entries.pop_back();
  fs::remove_all(dest());
  fs::create_directories(dest());
  EXPECT_EQ(extract(entries, limits).error, ExtractError::kNone) << "exactly at the cap is fine";
}

TEST_P(ArchiveExtract, ReportsACorruptArchive) {
  write_archive(archive(), GetParam(), {file("01-spawn/process.cpp", std::string(4096, 'x'))});
  // Keep the first half only: a truncated upload.
  const auto size = fs::file_size(archive());
  fs::resize_file(archive(), size / 2);
  ExtractResult result = extract_archive(archive(), dest());
  EXPECT_EQ(result.error, ExtractError::kCorrupt) << result.message;
}

INSTANTIATE_TEST_SUITE_P(ZipAndTarGz, ArchiveExtract, testing::Values(Format::kZip, Format::kTarGz),
                         [](const testing::TestParamInfo<Format>& param) {
                           return param.param == Format::kZip ? std::string("zip")
                                                              : std::string("targz");
                         });

TEST(ArchiveExtractGarbage, BinaryGarbageIsCorruptNotACrash) {
  char pattern[] = "/tmp/ptlabs-archive-test-XXXXXX";
  ASSERT_NE(::mkdtemp(pattern), nullptr);
  const fs::path root = pattern;
  std::ofstream(root / "bob.zip") << std::string(
      "\x7f"
      "ELF\x01\x02garbage\xff\xfe",
      14);
  fs::create_directories(root / "out");
  ExtractResult result = extract_archive(root / "bob.zip", root / "out");
  EXPECT_EQ(result.error, ExtractError::kCorrupt);
  EXPECT_NE(result.message.find("bob.zip"), std::string::npos) << result.message;
  fs::remove_all(root);
}

// Zip has no hard links; tar does.
TEST(ArchiveExtractTar, RefusesAHardLinkEntry) {
  char pattern[] = "/tmp/ptlabs-archive-test-XXXXXX";
  ASSERT_NE(::mkdtemp(pattern), nullptr);
  const fs::path root = pattern;
  write_archive(root / "h.tar.gz", Format::kTarGz,
                {file("a.cpp", "x"), hardlink_entry("b.cpp", "/etc/passwd")});
  fs::create_directories(root / "out");
  ExtractResult result = extract_archive(root / "h.tar.gz", root / "out");
  EXPECT_EQ(result.error, ExtractError::kUnsafe) << result.message;
  EXPECT_NE(result.message.find("hard link"), std::string::npos) << result.message;
  EXPECT_FALSE(fs::exists(root / "out" / "b.cpp"));
  fs::remove_all(root);
}

TEST(ArchiveNames, SupportedSuffixesAndStems) {
  EXPECT_TRUE(is_supported_archive("x/alice.zip"));
  EXPECT_TRUE(is_supported_archive("alice.tar.gz"));
  EXPECT_TRUE(is_supported_archive("alice.tgz"));
  EXPECT_FALSE(is_supported_archive("alice.tar"));
  EXPECT_FALSE(is_supported_archive("alice.rar"));
  EXPECT_EQ(archive_stem("alice.tar.gz"), "alice");
  EXPECT_EQ(archive_stem("a.b.zip"), "a.b");
  EXPECT_EQ(archive_stem("bob.tgz"), "bob");
}

}  // namespace
}  // namespace ptlabs::grader
