// Monotonic time for measurements.
//
// now_ns() reads CLOCK_MONOTONIC, which is one clock for the whole machine:
// a value taken in a child process can be compared with one taken in its
// parent or in any thread. It never jumps with wall-clock changes.
#pragma once

#include <cstdint>

namespace ptlabs {

// Returns nanoseconds of CLOCK_MONOTONIC. Thread-safe, async-signal-safe.
std::uint64_t now_ns();

// Returns seconds elapsed since `start_ns` (a value from now_ns()).
double seconds_since(std::uint64_t start_ns);

// Sleeps the calling thread for `ns` nanoseconds, resuming after signals.
void sleep_ns(std::uint64_t ns);

}  // namespace ptlabs
