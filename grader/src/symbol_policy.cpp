#include "symbol_policy.hpp"

#include <cxxabi.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>

#include "build.hpp"

namespace ptlabs::grader {
namespace fs = std::filesystem;
namespace {

// The most violations one build log lists; the rest are counted.
constexpr std::size_t kMaxMessages = 10;
// Longer demangled names are cut (a template instantiation can run to kilobytes).
constexpr std::size_t kMaxShownName = 160;

const char* const kSanitizerPrefixes[] = {"__tsan_",  "__asan_", "__lsan_",
                                          "__ubsan_", "__msan_", "__sanitizer_"};
// The global operator new and delete, which a program may replace.
const char* const kReplaceable[] = {"_Znw", "_Zna", "_Zdl", "_Zda"};

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// A symbol the object defines and other objects can see. Lowercase letters
// other than u (unique global) and i (indirect function) are local symbols.
bool defined_global(char type) {
  if (type == 'U' || type == 'w' || type == 'v' || type == 'A' || type == 'N' || type == '?') {
    return false;
  }
  return std::isupper(static_cast<unsigned char>(type)) || type == 'u' || type == 'i';
}

// Weak, or unique: the linker keeps one of many copies, and a strong one wins.
bool weak(char type) { return type == 'W' || type == 'V' || type == 'u'; }

bool function_type(char type) { return type == 'T' || type == 'W' || type == 'i' || type == 't'; }

bool mangled(const std::string& name) { return starts_with(name, "_Z"); }

// Reads <digits><identifier> at the front of `m`; "" if it is not there.
std::string read_source_name(std::string_view m) {
  std::size_t digits = 0;
  while (digits < m.size() && std::isdigit(static_cast<unsigned char>(m[digits]))) ++digits;
  if (digits == 0) return "";
  const std::size_t length = std::strtoul(std::string(m.substr(0, digits)).c_str(), nullptr, 10);
  if (length == 0 || digits + length > m.size()) return "";
  return std::string(m.substr(digits, length));
}

bool std_abbreviation(std::string_view m) {
  return m.size() >= 2 && m[0] == 'S' && std::strchr("tabsiod", m[1]) != nullptr;
}

// Skips a thunk's call offset: [n]<digits>_ ; false if it is not there.
bool skip_offset(std::string_view* m) {
  if (!m->empty() && (*m)[0] == 'n') m->remove_prefix(1);
  std::size_t digits = 0;
  while (digits < m->size() && std::isdigit(static_cast<unsigned char>((*m)[digits]))) ++digits;
  if (digits == 0 || digits >= m->size() || (*m)[digits] != '_') return false;
  m->remove_prefix(digits + 1);
  return true;
}

// The outermost scope of a mangled name: "ptlabs" for ptlabs::now_ns() (and its
// vtables, typeinfo, guard variables, thunks and local statics), "std" for
// std::vector<int>::push_back, "" for a name at global scope or one it cannot read.
std::string outer_scope(std::string_view m) {
  if (!starts_with(m, "_Z")) return "";
  m.remove_prefix(2);
  for (int prefixes = 0; prefixes < 8 && !m.empty(); ++prefixes) {
    if (starts_with(m, "TV") || starts_with(m, "TT") || starts_with(m, "TI") ||
        starts_with(m, "TS") || starts_with(m, "TH") || starts_with(m, "TW") ||
        starts_with(m, "GV") || starts_with(m, "GR") || starts_with(m, "TC")) {
      m.remove_prefix(2);  // vtable, VTT, typeinfo, its name, TLS, guard, temporary of ...
    } else if (starts_with(m, "Th")) {
      m.remove_prefix(2);
      if (!skip_offset(&m)) return "";
    } else if (starts_with(m, "Tv")) {
      m.remove_prefix(2);
      if (!skip_offset(&m) || !skip_offset(&m)) return "";
    } else if (m[0] == 'Z' || m[0] == 'L') {
      m.remove_prefix(1);  // a local entity of the function that follows; internal linkage
    } else {
      break;
    }
  }
  if (std_abbreviation(m)) return "std";
  if (m.empty() || m[0] != 'N') return "";  // not nested: at global scope
  m.remove_prefix(1);
  while (!m.empty() && std::strchr("rVKRO", m[0]) != nullptr) m.remove_prefix(1);
  if (std_abbreviation(m)) return "std";
  return read_source_name(m);
}

bool lab_scope(const std::string& scope) {
  if (scope.size() <= 3 || !starts_with(scope, "lab")) return false;
  for (std::size_t i = 3; i < scope.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(scope[i]))) return false;
  }
  return true;
}

std::string demangle(const std::string& name) {
  int status = 0;
  char* text = abi::__cxa_demangle(name.c_str(), nullptr, nullptr, &status);
  if (status != 0 || text == nullptr) {
    std::free(text);
    return name;
  }
  std::string out(text);
  std::free(text);
  return out;
}

// How a person reads the symbol: write(), index, ptlabs::now_ns().
std::string shown_name(const NmSymbol& symbol) {
  std::string shown = mangled(symbol.name) ? demangle(symbol.name) : symbol.name;
  if (!mangled(symbol.name) && function_type(symbol.type)) shown += "()";
  if (shown.size() > kMaxShownName) shown = shown.substr(0, kMaxShownName) + "...";
  return shown;
}

// process.cpp for the object .../process.cpp.o (or process.cpp.tsan.o).
std::string student_file(const std::string& object) {
  std::string name = fs::path(object).filename().string();
  for (const char* suffix : {".o", ".tsan"}) {
    const std::string_view s(suffix);
    if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) {
      name.resize(name.size() - s.size());
    }
  }
  return name;
}

std::string library_label(const std::string& key) {
  static const std::map<std::string, std::string> kLabels = {
      {"c", "the C library"},
      {"m", "the C math library (libm)"},
      {"gcc_s", "the compiler's runtime library (libgcc_s)"},
      {"stdc++", "the C++ standard library"},
      {"python", "the Python library (libpython)"},
      {"framework", "the lab framework (labs/common)"},
      {"gtest", "GoogleTest"},
  };
  auto it = kLabels.find(key);
  return it == kLabels.end() ? "the library " + key : it->second;
}

bool framework_library(const std::string& key) { return key == "framework" || key == "gtest"; }

// "run_in_processes()", "count_words_in_processes() and word_frequencies_in_processes()":
// the lab's functions `file` defines, for the advice about main.
std::string lab_functions(const std::vector<NmSymbol>& symbols, const std::string& object) {
  std::vector<std::string> names;
  for (const auto& symbol : symbols) {
    if (symbol.file != object || symbol.type != 'T' || !lab_scope(outer_scope(symbol.name))) {
      continue;
    }
    std::string shown = demangle(symbol.name);
    if (shown == symbol.name) continue;  // not a name the demangler reads
    shown = shown.substr(0, shown.find('('));
    if (auto colons = shown.rfind("::"); colons != std::string::npos) {
      shown = shown.substr(colons + 2);
    }
    shown += "()";
    if (std::find(names.begin(), names.end(), shown) == names.end()) names.push_back(shown);
  }
  if (names.empty()) return "the functions task.hpp declares";
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
    out += names[i];
  }
  return out;
}

std::string library_message(const std::string& file, const NmSymbol& symbol,
                            const ReservedSymbols::Owner& owner) {
  const std::string shown = shown_name(symbol);
  const bool function = function_type(symbol.type);
  const std::string kind = owner.function ? "function" : "variable";
  const std::string what = function == owner.function
                               ? "a " + kind + " of " + library_label(owner.library)
                               : "the name of a " + kind + " of " + library_label(owner.library);
  if (framework_library(owner.library)) {
    return file + " defines " + shown + ", " + what +
           ": giving it your own definition replaces the framework's for the whole test "
           "program; use the framework's, and give yours another name.";
  }
  return file + " defines " + shown + ", " + what +
         ": giving it your own definition replaces it for the whole test program; rename yours" +
         (mangled(symbol.name) ? "." : " (or make it static).");
}

}  // namespace

std::vector<NmSymbol> parse_nm(std::string_view text) {
  std::vector<NmSymbol> symbols;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    NmSymbol symbol;
    if (auto colon = line.find(": "); colon != std::string_view::npos) {
      symbol.file = std::string(line.substr(0, colon));
      line.remove_prefix(colon + 2);
    }
    std::istringstream fields{std::string(line)};
    std::string name;
    std::string type;
    if (!(fields >> name >> type) || type.size() != 1) continue;
    symbol.name = name.substr(0, name.find('@'));
    symbol.type = type[0];
    if (symbol.name.empty()) continue;
    symbols.push_back(std::move(symbol));
  }
  return symbols;
}

ReservedSymbols parse_reserved_symbols(std::string_view text) {
  ReservedSymbols reserved;
  std::string library;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (starts_with(line, "@")) {
      library = std::string(line.substr(1, line.find(' ') - 1));
      continue;
    }
    if (library.empty() || starts_with(line, "#")) continue;
    for (const auto& symbol : parse_nm(line)) {
      if (!defined_global(symbol.type)) continue;
      if (framework_library(library) && weak(symbol.type)) continue;
      reserved.names.emplace(symbol.name,
                             ReservedSymbols::Owner{library, function_type(symbol.type)});
    }
  }
  return reserved;
}

std::vector<SymbolViolation> find_symbol_violations(std::string_view nm_text,
                                                    const ReservedSymbols& reserved) {
  const std::vector<NmSymbol> symbols = parse_nm(nm_text);
  std::vector<SymbolViolation> violations;
  std::set<std::pair<std::string, std::string>> seen;  // file, shown symbol
  std::map<std::string, std::size_t> googletest;       // file -> its violation's index
  std::map<std::string, std::size_t> googletest_more;  // file -> symbols not listed
  auto add = [&](const std::string& file, const std::string& shown, std::string message) {
    if (!seen.insert({file, shown}).second) return;
    violations.push_back({file, shown, std::move(message)});
  };

  for (const auto& symbol : symbols) {
    if (!defined_global(symbol.type)) continue;
    const std::string file = student_file(symbol.file);
    const std::string& name = symbol.name;
    const bool strong = !weak(symbol.type);

    if (name == "main") {
      add(file, "main()",
          file + " defines main(): the grader provides main; remove it and put your code in " +
              lab_functions(symbols, symbol.file) + ".");
      continue;
    }
    bool sanitizer = false;
    for (const char* prefix : kSanitizerPrefixes)
      sanitizer = sanitizer || starts_with(name, prefix);
    if (sanitizer) {
      const std::string shown = shown_name(symbol);
      add(file, shown,
          file + " defines " + shown +
              ", a hook of the sanitizer runtime: it changes what ThreadSanitizer and the other "
              "sanitizers check in the whole test program; remove it.");
      continue;
    }
    const std::string scope = outer_scope(name);
    if (scope == "testing") {
      if (googletest.count(file)) {
        ++googletest_more[file];
        continue;
      }
      const std::string shown = shown_name(symbol);
      googletest[file] = violations.size();
      add(file, shown,
          file + " defines " + shown +
              ", a part of GoogleTest: the grader's tests use GoogleTest, the lab's files must "
              "not; remove the #include of gtest and the code that uses it.");
      continue;
    }
    auto owner = reserved.names.find(name);
    if (strong && scope == "ptlabs" && owner == reserved.names.end()) {
      const std::string shown = shown_name(symbol);
      add(file, shown,
          file + " defines " + shown +
              " in namespace ptlabs, which belongs to the lab framework; put it in a namespace "
              "of your own or an anonymous one.");
      continue;
    }
    if (owner == reserved.names.end()) continue;
    if (mangled(name)) {
      // C++ names: weak copies are template instantiations and inline functions.
      if (!strong) continue;
      bool replaceable = false;
      for (const char* prefix : kReplaceable)
        replaceable = replaceable || starts_with(name, prefix);
      if (replaceable) continue;
    }
    add(file, shown_name(symbol), library_message(file, symbol, owner->second));
  }
  for (const auto& [file, more] : googletest_more) {
    violations[googletest.at(file)].message += " (" + std::to_string(more) + " more symbol" +
                                               (more == 1 ? "" : "s") + " of GoogleTest in " +
                                               file + ")";
  }
  return violations;
}

namespace {

// The reserved-symbols file named by the manifest, read once per grader process.
const ReservedSymbols& reserved_symbols(const fs::path& path, std::string* note) {
  static std::mutex mutex;
  static std::map<fs::path, std::pair<std::unique_ptr<ReservedSymbols>, std::string>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  auto& entry = cache[path];
  if (!entry.first) {
    entry.first = std::make_unique<ReservedSymbols>();
    if (!path.empty()) {
      std::ifstream in(path);
      std::stringstream text;
      if (in) text << in.rdbuf();
      if (in && !text.str().empty()) {
        *entry.first = parse_reserved_symbols(text.str());
      } else {
        entry.second = "[symbol check: cannot read " + path.string() +
                       ", so the names of the C and C++ libraries were not checked; rebuild the "
                       "grader (./run.sh build)]\n";
      }
    }
  }
  *note = entry.second;
  return *entry.first;
}

}  // namespace

bool check_symbol_policy(const Toolchain& toolchain, const std::vector<fs::path>& objects,
                         const CommandRunner& run, std::string* log) {
  if (objects.empty()) return true;
  std::string note;
  const ReservedSymbols& reserved = reserved_symbols(toolchain.reserved_symbols, &note);
  *log += note;

  Command command;
  command.argv = {toolchain.nm, "-P", "-A", "-g", "--defined-only"};
  for (const auto& object : objects) command.argv.push_back(object.string());
  command.limits = build_limits();
  command.limits.output_bytes = 16 << 20;
  command.sandbox.enabled = true;
  command.sandbox.read_only.assign(objects.begin(), objects.end());
  const Outcome listed = run(command);
  if (!listed.succeeded() || listed.output_total > listed.output.size()) {
    *log += "[symbol check: nm " +
            (listed.succeeded() ? std::string("listed more than it keeps") : listed.describe()) +
            "; the objects were not checked]\n";
    return true;
  }

  const auto violations = find_symbol_violations(listed.output, reserved);
  if (violations.empty()) return true;
  *log += "--- symbol check\n";
  for (std::size_t i = 0; i < violations.size() && i < kMaxMessages; ++i) {
    *log += violations[i].message + "\n";
  }
  if (violations.size() > kMaxMessages) {
    *log += "(and " + std::to_string(violations.size() - kMaxMessages) + " more)\n";
  }
  return false;
}

}  // namespace ptlabs::grader
