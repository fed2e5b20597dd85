#include "style.hpp"

#include <unistd.h>

#include <cstdlib>

namespace ptlabs::grader {

Style Style::for_fd(int fd) {
  const char* no_color = std::getenv("NO_COLOR");
  return Style(::isatty(fd) == 1 && (no_color == nullptr || *no_color == '\0'));
}

std::string Style::wrap(const char* code, std::string_view s) const {
  if (!enabled_) return std::string(s);
  return std::string("\x1b[") + code + "m" + std::string(s) + "\x1b[0m";
}

}  // namespace ptlabs::grader
