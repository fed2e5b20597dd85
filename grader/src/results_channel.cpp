#include "results_channel.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ptlabs::grader {
namespace {

// 128 random bits as 32 hexadecimal digits.
bool random_token(std::string* token, std::string* err) {
  unsigned char bytes[16];
  std::size_t got = 0;
  while (got < sizeof bytes) {
    const ssize_t n = ::getrandom(bytes + got, sizeof bytes - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      *err = std::string("getrandom: ") + std::strerror(errno);
      return false;
    }
    got += static_cast<std::size_t>(n);
  }
  static const char kHex[] = "0123456789abcdef";
  token->clear();
  for (unsigned char b : bytes) {
    token->push_back(kHex[b >> 4]);
    token->push_back(kHex[b & 15]);
  }
  return true;
}

bool write_all_at(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n =
        ::pwrite(fd, text.data() + done, text.size() - done, static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

ResultsChannel::~ResultsChannel() {
  if (fd_ >= 0) ::close(fd_);
}

bool ResultsChannel::open(std::string* err) {
  if (!random_token(&token_, err)) return false;
  // Close-on-exec here; run_command clears the flag in the one child that inherits it.
  fd_ = ::memfd_create("ptlabs-results", MFD_CLOEXEC);
  if (fd_ < 0) {
    *err = std::string("memfd_create: ") + std::strerror(errno);
    return false;
  }
  if (!write_all_at(fd_, std::string(kTokenHeader) + token_ + "\n")) {
    *err = std::string("writing the results channel: ") + std::strerror(errno);
    return false;
  }
  return true;
}

void ResultsChannel::attach(Command* command) const {
  command->inherit_fds.push_back(fd_);
  command->env.push_back(std::string(kResultsFdVariable) + "=" + std::to_string(fd_));
}

ResultsChannel::State ResultsChannel::read(std::string* json, std::size_t max_bytes) const {
  std::string text;
  char buffer[65536];
  off_t offset = 0;
  while (text.size() < max_bytes) {
    const ssize_t n = ::pread(fd_, buffer, sizeof buffer, offset);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
    offset += n;
  }
  if (text.empty() || text == std::string(kTokenHeader) + token_ + "\n") return State::kMissing;
  const std::string header = std::string(kResultsHeader) + token_ + "\n";
  if (text.compare(0, header.size(), header) != 0) return State::kForged;
  *json = text.substr(header.size());
  return State::kOk;
}

}  // namespace ptlabs::grader
