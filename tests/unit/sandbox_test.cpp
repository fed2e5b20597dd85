// What a command inside the sandbox cannot do, tried with bubblewrap for real: make a
// user namespace, call the kernel keyrings, write anywhere but its capped places.
// Skipped where bubblewrap cannot run (no student code runs unisolated).
#include "sandbox.hpp"

#include <gtest/gtest.h>
#include <linux/keyctl.h>
#include <sys/syscall.h>

#include <filesystem>

namespace ptlabs::grader {
namespace {
namespace fs = std::filesystem;

const SandboxSetup& setup() {
  static const SandboxSetup sandbox = [] {
    Toolchain toolchain;
    toolchain.source_dir = PTLABS_SOURCE_DIR;
    toolchain.build_dir = fs::path(PTLABS_SOURCE_DIR) / "build";
    return detect_sandbox(toolchain, true);
  }();
  return sandbox;
}

Outcome sandboxed(const std::vector<std::string>& argv) {
  Command command;
  command.argv = argv;
  command.limits.wall_s = 60;
  command.sandbox.enabled = true;
  return sandboxed_runner(setup(), run_command)(command);
}

class Sandbox : public testing::Test {
 protected:
  void SetUp() override {
    if (!setup().bubblewrap)
      GTEST_SKIP() << "bubblewrap cannot run here: " << setup().bubblewrap_note;
  }
};

TEST_F(Sandbox, NoUserNamespaceCanBeMadeInside) {
  ASSERT_TRUE(setup().userns_blocked) << setup().hardening_note;
  const Outcome outcome = sandboxed({"unshare", "--user", "--map-root-user", "true"});
  EXPECT_FALSE(outcome.succeeded()) << outcome.output;
  EXPECT_NE(outcome.output.find("unshare failed"), std::string::npos) << outcome.output;
  EXPECT_TRUE(sandboxed({"true"}).succeeded()) << "the sandbox itself runs";
}

TEST_F(Sandbox, KeyringCallsAreRefused) {
  ASSERT_FALSE(setup().keyring_program.empty()) << setup().hardening_note;
  // keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_USER_KEYRING, 1) and add_key into the session
  // keyring, from Python's ctypes: both must fail with EPERM (1).
  const std::string script =
      "import ctypes, os; libc = ctypes.CDLL(None, use_errno=True)\n"
      "r = libc.syscall(" +
      std::to_string(SYS_keyctl) +
      ", 0, -4, 1)\n"
      "print('keyctl', r, ctypes.get_errno())\n"
      "r = libc.syscall(" +
      std::to_string(SYS_add_key) +
      ", b'user', b'ptlabs', b'x', 1, -3)\n"
      "print('add_key', r, ctypes.get_errno())\n";
  const Outcome outcome = sandboxed({"python3", "-c", script});
  EXPECT_NE(outcome.output.find("keyctl -1 1\n"), std::string::npos) << outcome.output;
  EXPECT_NE(outcome.output.find("add_key -1 1\n"), std::string::npos) << outcome.output;
}

TEST_F(Sandbox, OnlyTheCappedPlacesAreWritable) {
  const Outcome outcome = sandboxed(
      {"/bin/sh", "-c",
       "for place in / /dev /usr; do touch $place/ptlabs-owned 2>/dev/null && echo "
       "\"wrote $place\"; done; head -c 300M /dev/zero > /dev/shm/fill 2>/dev/null; "
       "echo shm $(($(stat -c %s /dev/shm/fill) >> 20)) MiB; echo x > /tmp/ok && echo tmp ok; "
       "echo x > /dev/null && echo null ok"});
  EXPECT_EQ(outcome.output.find("wrote"), std::string::npos) << outcome.output;
  EXPECT_NE(outcome.output.find("tmp ok"), std::string::npos) << outcome.output;
  EXPECT_NE(outcome.output.find("null ok"), std::string::npos) << outcome.output;
  const auto at = outcome.output.find("shm ");
  ASSERT_NE(at, std::string::npos) << outcome.output;
  EXPECT_LE(std::stoi(outcome.output.substr(at + 4)), 256) << outcome.output;
}

}  // namespace
}  // namespace ptlabs::grader
