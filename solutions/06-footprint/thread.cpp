// Lab 06 — reference thread version: n threads of this process held alive at once.
//
// The threads live in the caller's address space: the table is simply there, with nothing
// to inherit, and no page of it is ever copied. What a thread adds is its stack (a mapping
// of a few MiB of which it touches a few pages), its thread-local storage, a kernel task,
// and here its buffer.
//
// Two std::latch objects carry the protocol: `ready` counts down once per worker (whether
// it succeeded or failed, so the caller never waits for ever), and `release` is opened once
// by the caller to let every worker go.
#include <unistd.h>

#include <exception>
#include <latch>
#include <memory>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>

#include "task.hpp"

namespace lab06 {
namespace {

// Allocates `bytes` and writes one byte in every page. The writes go through a volatile
// pointer: nothing reads the buffer, so the compiler could otherwise drop them.
std::unique_ptr<std::uint8_t[]> touched_buffer(std::size_t bytes) {
  std::unique_ptr<std::uint8_t[]> buffer(new std::uint8_t[bytes]);
  volatile std::uint8_t* p = buffer.get();
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  for (std::size_t i = 0; i < bytes; i += page) p[i] = 1;
  if (bytes > 0) p[bytes - 1] = 1;
  return buffer;
}

std::string what_of(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown exception";
  }
}

}  // namespace

std::vector<std::uint64_t> hold_threads(int n, std::size_t buffer_bytes, Table table,
                                        const std::function<void()>& while_alive) {
  if (n < 0) throw std::invalid_argument("n must be >= 0, got " + std::to_string(n));
  const auto count = static_cast<std::size_t>(n);
  std::vector<std::uint64_t> sums(count, 0);
  std::vector<std::exception_ptr> errors(count);
  std::latch ready(n);
  std::latch release(1);

  std::vector<std::thread> threads;
  threads.reserve(count);
  std::string start_error;
  for (int i = 0; i < n; ++i) {
    const auto k = static_cast<std::size_t>(i);
    try {
      threads.emplace_back([buffer_bytes, table, &sums, &errors, &ready, &release, k] {
        std::unique_ptr<std::uint8_t[]> buffer;
        try {
          buffer = touched_buffer(buffer_bytes);
          sums[k] = sum_bytes(table);
        } catch (...) {
          errors[k] = std::current_exception();
        }
        ready.count_down();
        release.wait();  // alive, buffer held, until the caller lets go
      });
    } catch (const std::system_error& e) {
      start_error = "worker " + std::to_string(i) + " could not start: " + e.what();
      ready.count_down(n - i);  // the workers that never started will not count down
      break;
    }
  }
  ready.wait();

  bool all_ready = start_error.empty();
  for (const auto& error : errors) all_ready = all_ready && !error;

  // All n alive and holding their buffers: the caller's moment.
  std::exception_ptr callback_error;
  if (all_ready) {
    try {
      while_alive();
    } catch (...) {
      callback_error = std::current_exception();
    }
  }

  release.count_down();
  for (auto& thread : threads) thread.join();

  if (callback_error) std::rethrow_exception(callback_error);
  for (std::size_t k = 0; k < count; ++k) {
    if (errors[k]) {
      throw std::runtime_error("worker " + std::to_string(k) +
                               " failed before it was ready: " + what_of(errors[k]));
    }
  }
  if (!start_error.empty()) throw std::runtime_error(start_error);
  return sums;
}

}  // namespace lab06
