#include "compiler_cache.hpp"

#include <unistd.h>

#include <cstdlib>

namespace ptlabs::grader {
namespace fs = std::filesystem;

CompilerCache find_compiler_cache(const std::string& path_list, const char* switch_value,
                                  const char* ccache_dir, const fs::path& default_dir) {
  CompilerCache cache;
  if (switch_value != nullptr && std::string(switch_value) == "0") return cache;
  std::size_t begin = 0;
  std::string program;
  while (begin <= path_list.size() && program.empty()) {
    std::size_t end = path_list.find(':', begin);
    if (end == std::string::npos) end = path_list.size();
    const fs::path candidate = fs::path(path_list.substr(begin, end - begin)) / "ccache";
    if (candidate.is_absolute() && ::access(candidate.c_str(), X_OK) == 0) {
      program = candidate.string();
    }
    begin = end + 1;
  }
  if (program.empty()) return cache;
  const fs::path dir =
      ccache_dir != nullptr && *ccache_dir != '\0' ? fs::path(ccache_dir) : default_dir;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || ::access(dir.c_str(), W_OK) != 0) return cache;  // a cache we cannot fill: none
  cache.program = program;
  cache.dir = dir;
  return cache;
}

const CompilerCache& compiler_cache(const fs::path& build_dir) {
  static const CompilerCache cache = [&] {
    const char* path = std::getenv("PATH");
    return find_compiler_cache(path != nullptr ? path : "/usr/bin:/bin",
                               std::getenv("PTLABS_CCACHE"), std::getenv("CCACHE_DIR"),
                               build_dir / "ccache");
  }();
  return cache;
}

void use_compiler_cache(const CompilerCache& cache, Command* compile) {
  if (cache.program.empty()) return;
  compile->argv.insert(compile->argv.begin(), cache.program);
  const fs::path base = compile->workdir.parent_path();
  compile->env.push_back("CCACHE_DIR=" + cache.dir.string());
  compile->env.push_back("CCACHE_BASEDIR=" + base.string());
  compile->env.push_back("CCACHE_NOHASHDIR=1");  // -g would hash the private folder's name
  compile->sandbox.writable.push_back(cache.dir);
}

}  // namespace ptlabs::grader
