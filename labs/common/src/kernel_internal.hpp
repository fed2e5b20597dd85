// The two kernel implementations behind ptlabs::count_primes (kernel.cpp).
#pragma once

#include <cstdint>

namespace ptlabs::internal {

// Trial division in C++.
std::int64_t native_count_primes(std::int64_t lo, std::int64_t hi);

// The same loop in the embedded CPython (python_kernel.cpp). Starts the
// interpreter on first use. Aborts with a message if the interpreter fails.
std::int64_t python_count_primes(std::int64_t lo, std::int64_t hi);

// Starts the embedded interpreter if it is not running yet.
void python_prepare();

}  // namespace ptlabs::internal
