// printf-style formatting into a std::string, for report sentences with numbers.
#pragma once

#include <cstdio>
#include <string>

namespace ptlabs::grader {

template <typename... Args>
std::string printf_string(const char* pattern, Args... args) {
  int size = std::snprintf(nullptr, 0, pattern, args...);
  if (size <= 0) return "";
  std::string text(static_cast<std::size_t>(size) + 1, '\0');
  std::snprintf(text.data(), text.size(), pattern, args...);
  text.resize(static_cast<std::size_t>(size));
  return text;
}

}  // namespace ptlabs::grader
