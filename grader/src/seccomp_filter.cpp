#include "seccomp_filter.hpp"

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <utility>
#include <vector>

namespace ptlabs::grader {
namespace {

// One ABI: its audit architecture and the numbers of the calls it refuses.
struct Abi {
  std::uint32_t arch;
  std::uint32_t number_mask;  // cleared bits of the call number before comparing
  std::vector<std::uint32_t> refused;
};

std::vector<Abi> known_abis() {
#if defined(__x86_64__)
  constexpr std::uint32_t kX32Bit = 0x40000000;  // x32 calls are x86_64 ones with this bit
  return {{AUDIT_ARCH_X86_64, ~kX32Bit, {__NR_add_key, __NR_request_key, __NR_keyctl}},
          {AUDIT_ARCH_I386, ~0u, {286, 287, 288}}};  // i386's add_key, request_key, keyctl
#elif defined(__aarch64__)
  return {{AUDIT_ARCH_AARCH64, ~0u, {__NR_add_key, __NR_request_key, __NR_keyctl}}};
#else
  return {};
#endif
}

sock_filter statement(std::uint16_t code, std::uint32_t k) { return {code, 0, 0, k}; }
sock_filter jump(std::uint16_t code, std::uint32_t k, std::uint8_t yes, std::uint8_t no) {
  return {code, yes, no, k};
}

}  // namespace

std::string keyring_seccomp_program() {
  const std::vector<Abi> abis = known_abis();
  if (abis.empty()) return "";
  constexpr std::uint32_t kArch = offsetof(seccomp_data, arch);
  constexpr std::uint32_t kNumber = offsetof(seccomp_data, nr);
  std::vector<sock_filter> program;
  // Per ABI: if the architecture matches, load the number and refuse the listed
  // calls; every other call and architecture is allowed. Each block ends in a
  // return, so a block that does not match jumps just past itself.
  for (const Abi& abi : abis) {
    const auto block_size = static_cast<std::uint8_t>(5 + 2 * abi.refused.size());
    program.push_back(statement(BPF_LD | BPF_W | BPF_ABS, kArch));
    program.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, abi.arch, 0, block_size - 2));
    program.push_back(statement(BPF_LD | BPF_W | BPF_ABS, kNumber));
    program.push_back(statement(BPF_ALU | BPF_AND | BPF_K, abi.number_mask));
    for (std::uint32_t number : abi.refused) {
      program.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, number, 0, 1));
      program.push_back(statement(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM));
    }
    program.push_back(statement(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
  }
  program.push_back(statement(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
  return std::string(reinterpret_cast<const char*>(program.data()),
                     program.size() * sizeof(sock_filter));
}

int seccomp_program_fd(const std::string& program, std::string* err) {
  const int fd = ::memfd_create("ptlabs-seccomp", MFD_CLOEXEC);
  if (fd < 0) {
    *err = std::string("memfd_create: ") + std::strerror(errno);
    return -1;
  }
  std::size_t done = 0;
  while (done < program.size()) {
    const ssize_t n = ::write(fd, program.data() + done, program.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      *err = std::string("writing the seccomp filter: ") + std::strerror(errno);
      ::close(fd);
      return -1;
    }
    done += static_cast<std::size_t>(n);
  }
  ::lseek(fd, 0, SEEK_SET);
  return fd;
}

}  // namespace ptlabs::grader
