#include "ptlabs/call_log.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <new>

namespace ptlabs {
namespace {

constexpr std::uint64_t kMagic = 0x70746c6162736c67ull;  // "ptlabslg"

// Layout of the shared memory: a header, then `capacity` slots. A slot is
// readable once its `ready` flag is 1; writers claim slots with one atomic add.
struct Slot {
  std::atomic<std::uint32_t> ready;
  std::uint32_t pad;
  CallRecord record;
};

struct Header {
  std::uint64_t magic;
  std::uint64_t capacity;
  std::atomic<std::uint64_t> next;
  std::atomic<std::uint64_t> dropped;
};

static_assert(std::atomic<std::uint64_t>::is_always_lock_free,
              "shared-memory atomics must be lock-free to work across processes");

struct Mapping {
  Header* header = nullptr;
  std::size_t bytes = 0;
  Slot* slots() const { return reinterpret_cast<Slot*>(header + 1); }
};

Mapping g_log;

std::size_t bytes_for(std::size_t capacity) { return sizeof(Header) + capacity * sizeof(Slot); }

std::string errno_text(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

void initialise(Header* header, std::size_t capacity) {
  header->magic = kMagic;
  header->capacity = capacity;
  new (&header->next) std::atomic<std::uint64_t>(0);
  new (&header->dropped) std::atomic<std::uint64_t>(0);
  auto* slots = reinterpret_cast<Slot*>(header + 1);
  for (std::size_t i = 0; i < capacity; ++i) new (&slots[i].ready) std::atomic<std::uint32_t>(0);
}

std::vector<CallRecord> collect(const Header* header) {
  std::vector<CallRecord> out;
  const auto* slots = reinterpret_cast<const Slot*>(header + 1);
  std::uint64_t taken = header->next.load(std::memory_order_acquire);
  if (taken > header->capacity) taken = header->capacity;
  out.reserve(taken);
  for (std::uint64_t i = 0; i < taken; ++i) {
    if (slots[i].ready.load(std::memory_order_acquire) == 1) out.push_back(slots[i].record);
  }
  return out;
}

}  // namespace

bool CallLog::install(std::size_t capacity, const std::string& path, std::string* err) {
  uninstall();
  const std::size_t bytes = bytes_for(capacity);
  void* memory = MAP_FAILED;
  if (path.empty()) {
    memory = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  } else {
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
      *err = errno_text(("cannot create call log " + path).c_str());
      return false;
    }
    if (::ftruncate(fd, static_cast<off_t>(bytes)) != 0) {
      *err = errno_text(("cannot size call log " + path).c_str());
      ::close(fd);
      return false;
    }
    memory = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    ::close(fd);
  }
  if (memory == MAP_FAILED) {
    *err = errno_text("cannot map call log");
    return false;
  }
  g_log.header = static_cast<Header*>(memory);
  g_log.bytes = bytes;
  initialise(g_log.header, capacity);
  return true;
}

bool CallLog::install_from_environment(std::string* err) {
  const char* path = std::getenv("PTLABS_CALL_LOG");
  if (path == nullptr || *path == '\0' || installed()) return true;
  constexpr std::size_t kEnvironmentCapacity = 1 << 16;
  return install(kEnvironmentCapacity, path, err);
}

bool CallLog::installed() { return g_log.header != nullptr; }

void CallLog::append(const CallRecord& record) {
  Header* header = g_log.header;
  if (header == nullptr) return;
  std::uint64_t index = header->next.fetch_add(1, std::memory_order_relaxed);
  if (index >= header->capacity) {
    header->dropped.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  Slot& slot = g_log.slots()[index];
  slot.record = record;
  slot.ready.store(1, std::memory_order_release);
}

std::vector<CallRecord> CallLog::records() {
  if (g_log.header == nullptr) return {};
  return collect(g_log.header);
}

std::uint64_t CallLog::dropped() {
  return g_log.header == nullptr ? 0 : g_log.header->dropped.load(std::memory_order_relaxed);
}

void CallLog::clear() {
  if (g_log.header == nullptr) return;
  initialise(g_log.header, g_log.header->capacity);
}

void CallLog::uninstall() {
  if (g_log.header == nullptr) return;
  ::munmap(g_log.header, g_log.bytes);
  g_log = Mapping{};
}

bool CallLog::read_file(const std::string& path, std::vector<CallRecord>* out,
                        std::uint64_t* dropped, std::string* err) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *err = errno_text(("cannot open call log " + path).c_str());
    return false;
  }
  off_t size = ::lseek(fd, 0, SEEK_END);
  if (size < static_cast<off_t>(sizeof(Header))) {
    ::close(fd);
    *err = "call log " + path + " is too short to be a call log";
    return false;
  }
  void* memory = ::mmap(nullptr, static_cast<std::size_t>(size), PROT_READ, MAP_SHARED, fd, 0);
  ::close(fd);
  if (memory == MAP_FAILED) {
    *err = errno_text(("cannot map call log " + path).c_str());
    return false;
  }
  const auto* header = static_cast<const Header*>(memory);
  bool ok =
      header->magic == kMagic && bytes_for(header->capacity) <= static_cast<std::size_t>(size);
  if (ok) {
    *out = collect(header);
    if (dropped != nullptr) *dropped = header->dropped.load(std::memory_order_relaxed);
  } else {
    *err = "call log " + path + " is not a ptlabs call log (bad header)";
  }
  ::munmap(memory, static_cast<std::size_t>(size));
  return ok;
}

}  // namespace ptlabs
