// The caps on a build of student code: as many compilers at once as there are cores,
// and a budget on the bytes their objects write to the work folder. A fake compiler
// writes (sparse) object files of the size each source asks for, as far as the file-size
// limit it was given lets it, so no real compiler or disk space is needed.
#include <gtest/gtest.h>
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <thread>

#include "build.hpp"
#include "ptlabs/clock.hpp"

namespace ptlabs::grader {
namespace {
namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    char pattern[] = "/tmp/ptlabs-buildcaps-XXXXXX";
    path_ = ::mkdtemp(pattern);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

int cores() {
  cpu_set_t cpus;
  CPU_ZERO(&cpus);
  return ::sched_getaffinity(0, sizeof cpus, &cpus) == 0 ? CPU_COUNT(&cpus) : 1;
}

// A compiler that writes an object of `object_bytes(source)` bytes, cut at its
// file-size limit (then it fails, as the assembler does at SIGXFSZ), and a linker
// that succeeds. It counts the compilers running at once and the bytes written.
struct FakeCompiler {
  std::function<std::uint64_t(const std::string&)> object_bytes;
  std::atomic<int> running{0};
  std::atomic<int> most{0};
  std::atomic<std::uint64_t> written{0};
  std::atomic<int> links{0};

  Outcome operator()(const Command& command) {
    Outcome outcome;
    outcome.started = true;
    const auto& argv = command.argv;
    if (std::find(argv.begin(), argv.end(), "-Wl,--whole-archive") != argv.end()) {
      ++links;
      outcome.exit_code = 0;
      return outcome;
    }
    const int now = ++running;
    for (int seen = most; now > seen && !most.compare_exchange_weak(seen, now);) {
    }
    const auto o = std::find(argv.begin(), argv.end(), "-o");
    const auto c = std::find(argv.begin(), argv.end(), "-c");
    if (o == argv.end() || c == argv.end()) {  // not a compile: the symbol check's nm
      --running;
      outcome.exit_code = 0;
      return outcome;
    }
    const fs::path object = *(o + 1);
    const std::uint64_t want = object_bytes(fs::path(*(c + 1)).filename().string());
    const std::uint64_t limit = command.limits.max_file_bytes;
    const std::uint64_t size = limit > 0 ? std::min(want, limit) : want;
    { std::ofstream(object, std::ios::trunc); }
    fs::resize_file(object, size);  // sparse: counts, takes no disk
    written += size;
    sleep_ns(30'000'000);
    outcome.exit_code = size < want ? 1 : 0;
    if (size < want) outcome.output = "g++: fatal error: Killed signal terminated program as\n";
    --running;
    return outcome;
  }
};

Toolchain fake_toolchain(const fs::path& build_dir) {
  Toolchain toolchain;
  toolchain.cxx = "c++";
  toolchain.source_dir = PTLABS_SOURCE_DIR;
  toolchain.build_dir = build_dir;
  toolchain.hidden_archives["01-spawn"] = "/nonexistent/liblab01_hidden.a";
  return toolchain;
}

LabFiles extra_sources(const fs::path& dir, int count) {
  LabFiles files;
  files.dir = dir;
  for (int i = 1; i <= count; ++i) {
    const fs::path file = dir / ("big" + std::to_string(i) + ".cpp");
    std::ofstream(file) << "char big[200 << 20] = {1};\n";
    files.student_files.push_back(file);
  }
  return files;
}

Lab lab01() {
  Lab lab;
  lab.id = "01-spawn";
  return lab;
}

// Twelve sources of 200 MiB objects: the build stops at its budget, says so, and the
// compilers never ran more at once than there are cores.
TEST(BuildCaps, HugeObjectsStopAtTheBuildsCap) {
  TempDir temp;
  fs::create_directories(temp.path() / "sub");
  FakeCompiler compiler;
  compiler.object_bytes = [](const std::string& source) {
    return source.rfind("big", 0) == 0 ? 200ull << 20 : 1ull << 20;
  };
  const BuildOutput out = build_lab(
      fake_toolchain(temp.path() / "build"), lab01(), extra_sources(temp.path() / "sub", 12),
      temp.path() / "work", [&](const Command& c) { return compiler(c); }, false);
  EXPECT_FALSE(out.info.ok);
  EXPECT_EQ(compiler.links, 0) << "nothing is linked when a compile failed";
  EXPECT_LE(compiler.written, kBuildObjectBytes) << "the objects wrote more than the cap";
  EXPECT_LE(compiler.most, std::max(1, cores())) << "more compilers at once than cores";
  EXPECT_NE(out.info.log.find("hit the size cap"), std::string::npos) << out.info.log;
  EXPECT_NE(out.info.log.find("not compiled: the object files of this build already take"),
            std::string::npos)
      << out.info.log;
  std::uint64_t left = 0;
  for (const auto& entry : fs::directory_iterator(temp.path() / "work")) {
    if (entry.path().extension() == ".o") left += entry.file_size();
  }
  EXPECT_LE(left, kBuildObjectBytes);
}

// Ordinary objects all compile and link; the budget is not in their way.
TEST(BuildCaps, OrdinaryObjectsCompileAndLink) {
  TempDir temp;
  fs::create_directories(temp.path() / "sub");
  FakeCompiler compiler;
  compiler.object_bytes = [](const std::string&) { return 3ull << 20; };
  const BuildOutput out = build_lab(
      fake_toolchain(temp.path() / "build"), lab01(), extra_sources(temp.path() / "sub", 12),
      temp.path() / "work", [&](const Command& c) { return compiler(c); }, false);
  EXPECT_TRUE(out.info.ok) << out.info.log;
  EXPECT_EQ(compiler.links, 1);
  EXPECT_EQ(compiler.written, 14 * (3ull << 20)) << "twelve extra files, process.cpp, thread.cpp";
  EXPECT_LE(compiler.most, std::max(1, cores()));
}

}  // namespace
}  // namespace ptlabs::grader
