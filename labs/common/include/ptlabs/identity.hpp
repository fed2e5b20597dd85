// Worker identity: which process and which thread is running this code.
//
// Both functions are async-signal-safe and valid right after fork(): they ask
// the kernel each time instead of caching, so a child never reports its
// parent's ids.
#pragma once

namespace ptlabs {

// Returns the id of the calling process (getpid()).
int current_pid();

// Returns the kernel id of the calling thread (gettid()). In a process with a
// single thread it equals current_pid().
int current_tid();

}  // namespace ptlabs
