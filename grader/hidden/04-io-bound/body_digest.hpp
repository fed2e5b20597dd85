// How lab 04's subject sends a fetched body back to the harness: a digest, since a
// call's answer is capped (subject_protocol.hpp) and bodies reach megabytes. Both
// sides include this header: the subject digests what it fetched, the harness the
// body it expects.
#pragma once

#include <cstddef>
#include <cstdint>

namespace lab04_digest {

// A body is digested in blocks of this many bytes.
inline constexpr std::size_t kBlockBytes = 4096;

// FNV-1a, 64 bits, of one block.
inline std::uint64_t fnv1a(const char* data, std::size_t size) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (std::size_t i = 0; i < size; ++i) {
    hash ^= static_cast<unsigned char>(data[i]);
    hash *= 0x100000001b3ull;
  }
  return hash;
}

}  // namespace lab04_digest
