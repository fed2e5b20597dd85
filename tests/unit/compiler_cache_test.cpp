#include "compiler_cache.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <fstream>

namespace ptlabs::grader {
namespace {
namespace fs = std::filesystem;

class CompilerCacheTest : public testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/ptlabs-ccache-test-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    root_ = pattern;
    fs::create_directories(root_ / "bin");
    fs::create_directories(root_ / "empty");
    std::ofstream(root_ / "bin" / "ccache") << "#!/bin/sh\n";
    fs::permissions(root_ / "bin" / "ccache", fs::perms::owner_all);
  }
  void TearDown() override { fs::remove_all(root_); }
  std::string path_list() const {
    return (root_ / "empty").string() + ":" + (root_ / "bin").string();
  }
  fs::path root_;
};

TEST_F(CompilerCacheTest, FoundOnPathWithItsFolderCreated) {
  CompilerCache cache = find_compiler_cache(path_list(), nullptr, nullptr, root_ / "cache");
  EXPECT_EQ(cache.program, (root_ / "bin" / "ccache").string());
  EXPECT_EQ(cache.dir, root_ / "cache");
  EXPECT_TRUE(fs::is_directory(root_ / "cache"));
  const std::string custom = (root_ / "custom").string();
  EXPECT_EQ(find_compiler_cache(path_list(), "1", custom.c_str(), root_ / "cache").dir,
            root_ / "custom")
      << "CCACHE_DIR wins";
}

TEST_F(CompilerCacheTest, NoneWhenAbsentTurnedOffOrUnwritable) {
  EXPECT_EQ(find_compiler_cache((root_ / "empty").string(), nullptr, nullptr, root_ / "c").program,
            "");
  EXPECT_EQ(find_compiler_cache(path_list(), "0", nullptr, root_ / "c").program, "")
      << "PTLABS_CCACHE=0 turns it off";
  EXPECT_EQ(find_compiler_cache("bin", nullptr, nullptr, root_ / "c").program, "")
      << "a relative PATH entry is not trusted";
  std::ofstream(root_ / "file") << "x";
  EXPECT_EQ(find_compiler_cache(path_list(), nullptr, nullptr, root_ / "file" / "sub").program, "")
      << "a cache folder that cannot be made means no cache, never a failed build";
}

TEST_F(CompilerCacheTest, PrefixesTheCompileAndOpensItsFolderInTheSandbox) {
  Command compile;
  compile.argv = {"/usr/bin/c++", "-c", "/w/01-spawn/src/process.cpp"};
  compile.workdir = "/w/01-spawn/src";
  compile.sandbox.writable = {"/w/01-spawn"};
  use_compiler_cache({"/usr/bin/ccache", "/var/cache/ptlabs"}, &compile);
  EXPECT_EQ(compile.argv, (std::vector<std::string>{"/usr/bin/ccache", "/usr/bin/c++", "-c",
                                                    "/w/01-spawn/src/process.cpp"}));
  EXPECT_EQ(compile.env,
            (std::vector<std::string>{"CCACHE_DIR=/var/cache/ptlabs", "CCACHE_BASEDIR=/w/01-spawn",
                                      "CCACHE_NOHASHDIR=1"}));
  EXPECT_EQ(compile.sandbox.writable, (std::vector<fs::path>{"/w/01-spawn", "/var/cache/ptlabs"}));

  Command plain = compile;
  use_compiler_cache({}, &plain);
  EXPECT_EQ(plain.argv, compile.argv) << "no cache, no change";
}

}  // namespace
}  // namespace ptlabs::grader
