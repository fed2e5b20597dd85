// Terminal styling: colours only on a terminal, and never when NO_COLOR is set.
#pragma once

#include <string>
#include <string_view>

namespace ptlabs::grader {

class Style {
 public:
  // Colours iff `enabled`; see for_stream().
  explicit Style(bool enabled) : enabled_(enabled) {}
  // Enabled iff `fd` is a terminal and NO_COLOR is unset or empty.
  static Style for_fd(int fd);

  std::string green(std::string_view s) const { return wrap("32", s); }
  std::string red(std::string_view s) const { return wrap("31", s); }
  std::string yellow(std::string_view s) const { return wrap("33", s); }
  std::string bold(std::string_view s) const { return wrap("1", s); }
  std::string dim(std::string_view s) const { return wrap("2", s); }
  bool enabled() const { return enabled_; }

 private:
  std::string wrap(const char* code, std::string_view s) const;
  bool enabled_;
};

}  // namespace ptlabs::grader
