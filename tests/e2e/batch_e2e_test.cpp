// grader batch end to end: a class of real submissions, good and broken, graded
// by the real grader in child processes; resuming, --force, --timeout, and an
// interrupted batch that leaves no process behind. Lab 01 only, --no-perf.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "e2e_support.hpp"
#include "ptlabs/clock.hpp"

namespace ptlabs::e2e {
namespace {
namespace fs = std::filesystem;

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_text(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

void copy_lab(const fs::path& from, const fs::path& student) {
  fs::create_directories(student / "01-spawn");
  for (const char* name : {"process.cpp", "thread.cpp"}) {
    fs::copy_file(from / name, student / "01-spawn" / name);
  }
}

fs::path reference() { return source_dir() / "solutions" / "01-spawn"; }
fs::path skeleton() { return source_dir() / "labs" / "01-spawn"; }

// Runs python3 code (the archives are crafted with zipfile and tarfile).
void python(const std::string& code, const fs::path& cwd) {
  const fs::path script = cwd / "make_archive.py";
  write_text(script, code);
  ASSERT_EQ(std::system(("cd '" + cwd.string() + "' && python3 make_archive.py").c_str()), 0);
  fs::remove(script);
}

// Starts `grader batch ARGS` with TMPDIR=`tmpdir` (so every process it starts has
// that path in its command line) and its output in `log`. Returns the pid.
pid_t start_batch(const std::vector<std::string>& args, const fs::path& tmpdir,
                  const fs::path& log) {
  std::vector<std::string> argv = {PTLABS_GRADER, "batch"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::strncmp(*e, "TMPDIR=", 7) != 0) env.emplace_back(*e);
  }
  env.push_back("TMPDIR=" + tmpdir.string());
  std::vector<char*> cargv, cenv;
  for (auto& a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  for (auto& e : env) cenv.push_back(e.data());
  cenv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, STDOUT_FILENO);
    ::dup2(fd, STDERR_FILENO);
    ::chdir(source_dir().c_str());
    ::execve(cargv[0], cargv.data(), cenv.data());
    ::_exit(127);
  }
  return pid;
}

// Waits for `pid` up to `seconds`; returns its exit status, or -1 (killed) on a hang.
int wait_exit(pid_t pid, double seconds) {
  const std::uint64_t deadline = now_ns() + static_cast<std::uint64_t>(seconds * 1e9);
  int status = 0;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (now_ns() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      ADD_FAILURE() << "grader batch did not finish within " << seconds << " s";
      return -1;
    }
    sleep_ns(50'000'000);
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Processes (other than this test) whose command line mentions `path`.
std::vector<std::string> processes_mentioning(const fs::path& path) {
  std::vector<std::string> found;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/proc", ec)) {
    const std::string pid = entry.path().filename().string();
    if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string cmdline = read_text(entry.path() / "cmdline");
    for (char& c : cmdline) c = c == '\0' ? ' ' : c;
    if (cmdline.find(path.string()) != std::string::npos) found.push_back(pid + ": " + cmdline);
  }
  return found;
}

// gradebook.csv as student -> row.
std::map<std::string, std::string> gradebook_rows(const fs::path& out) {
  std::map<std::string, std::string> rows;
  std::istringstream csv(read_text(out / "gradebook.csv"));
  std::string line;
  while (std::getline(csv, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    rows[line.substr(0, line.find(','))] = line;
  }
  return rows;
}

class BatchE2e : public testing::Test {
 protected:
  fs::path subs() const { return dir_.path() / "subs"; }
  fs::path out() const { return dir_.path() / "out"; }
  fs::path tmp() const { return dir_.path() / "tmp"; }
  void SetUp() override {
    fs::create_directories(subs());
    fs::create_directories(tmp());
  }
  // Runs a batch to its end; returns the exit status, with its output in *log.
  int batch(std::vector<std::string> args, std::string* log, double seconds = 280) {
    args.insert(args.begin(), {"--submissions", subs().string(), "--out", out().string()});
    const fs::path log_path = dir_.path() / "batch.log";
    const int code = wait_exit(start_batch(args, tmp(), log_path), seconds);
    *log = read_text(log_path);
    return code;
  }
  TempDir dir_;
};

TEST_F(BatchE2e, GradesAClassGoodAndBrokenIntoAGradebookAndSummary) {
  copy_lab(reference(), subs() / "alice");
  copy_lab(skeleton(), subs() / "carol");
  copy_lab(reference(), subs() / "dave");
  write_text(subs() / "dave" / "01-spawn" / "process.cpp",
             std::string("\x7f"
                         "ELF\x02\x01\x01\0\0\0\xff\xfe garbage \x80\x81",
                         28));
  fs::create_directories(subs() / "erin");
  write_text(subs() / "frank" / "process.cpp", "// no lab folder\n");
  copy_lab(reference(), subs() / "grace");
  fs::remove(subs() / "grace" / "01-spawn" / "process.cpp");
  fs::create_symlink("/etc/passwd", subs() / "grace" / "01-spawn" / "process.cpp");
  // bob: the reference as a tar.gz, wrapped in a folder of his name.
  copy_lab(reference(), dir_.path() / "pack" / "bob");
  ASSERT_EQ(std::system(("tar czf '" + (subs() / "bob.tar.gz").string() + "' -C '" +
                         (dir_.path() / "pack").string() + "' bob")
                            .c_str()),
            0);
  python(
      "import io, tarfile, zipfile\n"
      "with zipfile.ZipFile('slip.zip', 'w') as z:\n"
      "    z.writestr('01-spawn/thread.cpp', 'int x;')\n"
      "    z.writestr('../../escaped.cpp', 'pwned')\n"
      "with tarfile.open('abs.tar.gz', 'w:gz') as t:\n"
      "    data = b'pwned'\n"
      "    info = tarfile.TarInfo('/tmp/ptlabs-batch-e2e-absolute.cpp')\n"
      "    info.size = len(data)\n"
      "    t.addfile(info, io.BytesIO(data))\n"
      "with zipfile.ZipFile('bomb.zip', 'w', zipfile.ZIP_DEFLATED) as z:\n"
      "    z.writestr('01-spawn/process.cpp', b'\\0' * (80 << 20))\n"
      "open('broken.zip', 'wb').write(b'PK\\x03\\x04' + bytes(range(256)) * 4)\n",
      subs());

  std::string log;
  ASSERT_EQ(batch({"--lab", "01", "--no-perf", "--jobs", "2"}, &log), 0) << log;
  auto rows = gradebook_rows(out());
  EXPECT_EQ(rows["student"], "student,01-spawn,total,max,status,detail");
  EXPECT_EQ(rows["alice"], "alice,19,19,19,graded,") << log;
  EXPECT_EQ(rows["bob"], "bob,19,19,19,graded,") << "a tar.gz is unpacked and graded";
  EXPECT_EQ(rows["carol"], "carol,0,0,19,graded,") << "the skeleton scores 0, cleanly";
  EXPECT_EQ(rows["dave"], "dave,0,0,19,build-failed,did not compile: 01-spawn");
  EXPECT_EQ(rows["erin"].rfind("erin,,,19,empty,", 0), 0u) << rows["erin"];
  EXPECT_NE(rows["frank"].find(",19,wrong-layout,"), std::string::npos) << rows["frank"];
  EXPECT_NE(rows["grace"].find(",19,unsafe-symlink,01-spawn/process.cpp"), std::string::npos)
      << rows["grace"];
  EXPECT_NE(rows["slip"].find(",unsafe-archive,"), std::string::npos) << rows["slip"];
  EXPECT_NE(rows["abs"].find(",unsafe-archive,"), std::string::npos) << rows["abs"];
  EXPECT_NE(rows["bomb"].find(",archive-too-large,"), std::string::npos) << rows["bomb"];
  EXPECT_NE(rows["broken"].find(",bad-archive,"), std::string::npos) << rows["broken"];
  EXPECT_EQ(rows.size(), 12u) << "a header and one row per student";
  EXPECT_FALSE(fs::exists(dir_.path() / "escaped.cpp"));
  EXPECT_FALSE(fs::exists("/tmp/ptlabs-batch-e2e-absolute.cpp"));

  for (const char* student : {"alice", "bob", "carol", "dave"}) {
    const fs::path dir = out() / "students" / student;
    EXPECT_TRUE(fs::exists(dir / "report.json")) << student;
    EXPECT_NE(read_text(dir / "report.html").find("<html"), std::string::npos) << student;
  }
  EXPECT_EQ(read_json(out() / "students" / "alice" / "report.json")["score"], 19);
  const nlohmann::json summary = read_json(out() / "summary.json");
  EXPECT_EQ(summary["students"], 11);
  EXPECT_EQ(summary["graded"], 4);
  EXPECT_EQ(summary["status"]["unsafe-archive"], 2);
  ASSERT_FALSE(summary["checks"].empty());
  EXPECT_EQ(summary["checks"][0]["lab"], "01-spawn");
  EXPECT_NEAR(summary["checks"][0]["failure_rate"].get<double>(), 0.5, 1e-9)
      << "carol and dave fail every check; alice and bob none";
  const std::string html = read_text(out() / "summary.html");
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("students/alice/report.html"), std::string::npos);
  EXPECT_TRUE(processes_mentioning(dir_.path()).empty());

  // A second run grades nobody: the reports are there. The gradebook is rebuilt.
  const auto before = fs::last_write_time(out() / "students" / "alice" / "report.json");
  fs::remove(out() / "gradebook.csv");
  ASSERT_EQ(batch({"--lab", "01", "--no-perf"}, &log), 0) << log;
  EXPECT_NE(log.find("0 graded now, 4 already graded"), std::string::npos) << log;
  EXPECT_EQ(fs::last_write_time(out() / "students" / "alice" / "report.json"), before);
  EXPECT_EQ(gradebook_rows(out())["alice"], "alice,19,19,19,graded,");
}

TEST_F(BatchE2e, ForceRegradesAndTimeoutStopsAStudent) {
  copy_lab(reference(), subs() / "alice");
  std::string log;
  ASSERT_EQ(batch({"--lab", "01-spawn", "--no-perf"}, &log), 0) << log;
  const fs::path report = out() / "students" / "alice" / "report.json";
  ASSERT_TRUE(fs::exists(report)) << log;
  const auto first = fs::last_write_time(report);

  ASSERT_EQ(batch({"--lab", "01-spawn", "--no-perf", "--force"}, &log), 0) << log;
  EXPECT_NE(log.find("1 graded now, 0 already graded"), std::string::npos) << log;
  EXPECT_GT(fs::last_write_time(report), first) << "--force grades again";

  // Now alice's threads deadlock: a check hangs to the lab's 30 s limit, far past --timeout.
  // (The reference itself grades in about a second with a warm compiler cache.)
  assemble_submission(subs() / "alice", "01-spawn",
                      source_dir() / "tests" / "submissions" / "01-spawn" / "deadlocked-threads");
  ASSERT_EQ(batch({"--lab", "01-spawn", "--no-perf", "--force", "--timeout", "1"}, &log), 0) << log;
  const auto row = gradebook_rows(out())["alice"];
  EXPECT_NE(row.find(",19,timeout,stopped after 1 s"), std::string::npos) << row;
  EXPECT_FALSE(fs::exists(report)) << "no stale report survives a failed regrade";
  EXPECT_TRUE(processes_mentioning(dir_.path()).empty());
}

TEST_F(BatchE2e, AnInterruptedBatchKeepsWhatIsDoneAndARerunFinishes) {
  // s2 and s3 hang in their thread checks (each runs to the lab's time limit), so the
  // interrupt surely lands while s2 is being graded; they are fixed before the re-run.
  copy_lab(reference(), subs() / "s1");
  const fs::path hang = source_dir() / "tests" / "submissions" / "01-spawn" / "deadlocked-threads";
  assemble_submission(subs() / "s2", "01-spawn", hang);
  assemble_submission(subs() / "s3", "01-spawn", hang);
  const pid_t pid = start_batch({"--submissions", subs().string(), "--out", out().string(), "--lab",
                                 "01", "--no-perf", "--jobs", "1"},
                                tmp(), dir_.path() / "batch.log");
  // Wait for the first student to be done, then Ctrl-C while the second is graded.
  const std::uint64_t deadline = now_ns() + 200'000'000'000ull;
  while (!fs::exists(out() / "students" / "s1" / "report.json") && now_ns() < deadline) {
    sleep_ns(100'000'000);
  }
  ASSERT_TRUE(fs::exists(out() / "students" / "s1" / "report.json"));
  sleep_ns(3'000'000'000);  // s2's grader is testing now: a check is hanging
  ASSERT_FALSE(processes_mentioning(out() / "students" / "s2").empty())
      << "s2's child grader should be at work";
  ASSERT_FALSE(processes_mentioning(tmp()).empty()) << "and its test binary with it";
  ::kill(pid, SIGINT);
  EXPECT_EQ(wait_exit(pid, 60), 130) << read_text(dir_.path() / "batch.log");
  const std::string log = read_text(dir_.path() / "batch.log");
  EXPECT_NE(log.find("interrupted"), std::string::npos) << log;
  EXPECT_TRUE(processes_mentioning(dir_.path()).empty())
      << "every child and grandchild is gone after the interrupt";
  auto rows = gradebook_rows(out());
  EXPECT_EQ(rows["s1"], "s1,19,19,19,graded,") << log;
  EXPECT_NE(rows["s3"].find(",pending,"), std::string::npos) << rows["s3"];
  EXPECT_FALSE(fs::exists(out() / "students" / "s3" / "report.json"));

  for (const char* student : {"s2", "s3"}) {
    fs::remove_all(subs() / student);
    copy_lab(reference(), subs() / student);
  }
  std::string rerun;
  ASSERT_EQ(batch({"--lab", "01", "--no-perf", "--jobs", "2"}, &rerun), 0) << rerun;
  EXPECT_NE(rerun.find("already graded"), std::string::npos) << rerun;
  rows = gradebook_rows(out());
  for (const char* student : {"s1", "s2", "s3"}) {
    EXPECT_EQ(rows[student], std::string(student) + ",19,19,19,graded,") << rerun;
  }
  EXPECT_TRUE(processes_mentioning(dir_.path()).empty());
}

TEST_F(BatchE2e, BadUsageExitsTwo) {
  std::string log;
  const fs::path log_path = dir_.path() / "batch.log";
  EXPECT_EQ(wait_exit(start_batch({"--out", out().string()}, tmp(), log_path), 30), 2);
  EXPECT_NE(read_text(log_path).find("--submissions"), std::string::npos);
  EXPECT_EQ(batch({"--lab", "42"}, &log), 2) << log;
  EXPECT_EQ(wait_exit(start_batch({"--submissions", (dir_.path() / "none").string(), "--out",
                                   out().string()},
                                  tmp(), log_path),
                      30),
            2);
  EXPECT_NE(read_text(log_path).find("is not a folder"), std::string::npos);
}

}  // namespace
}  // namespace ptlabs::e2e
