// ccache in front of the compiler for students' sources (build.cpp).
//
// Students' files differ, so the cache pays when the same files are compiled
// again: a regrade (grader batch --force, a re-run after a crash), identical
// submissions, and the TSan and normal builds of an unchanged lab across runs.
// The cache folder is bound writable into the compile sandbox; only the trusted
// compiler and ccache run there, student code never does.
#pragma once

#include <filesystem>
#include <string>

#include "child_process.hpp"

namespace ptlabs::grader {

struct CompilerCache {
  std::string program;        // absolute path of ccache; "" = compile without a cache
  std::filesystem::path dir;  // the cache folder
};

// Finds ccache in `path_list` (a PATH value). None when `switch_value` (the
// environment's PTLABS_CCACHE) is "0", when ccache is absent, or when the cache
// folder (`ccache_dir` if set, the environment's CCACHE_DIR, else `default_dir`)
// cannot be created and written.
CompilerCache find_compiler_cache(const std::string& path_list, const char* switch_value,
                                  const char* ccache_dir, const std::filesystem::path& default_dir);

// The cache for this process, found once from the live environment, with
// `default_dir` = <build dir>/ccache.
const CompilerCache& compiler_cache(const std::filesystem::path& build_dir);

// Puts `cache` in front of the compile command `compile` (whose workdir is the
// private src/ folder): argv prefixed with ccache, the cache folder writable in
// the sandbox, and paths below the private folder hashed relative to it so the
// same files compiled in another private folder hit the cache. No-op without a cache.
void use_compiler_cache(const CompilerCache& cache, Command* compile);

}  // namespace ptlabs::grader
