#include "failure_text.hpp"

#include <cctype>
#include <sstream>

namespace ptlabs::grader {
namespace {

std::string trimmed(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  const auto end = text.find_last_not_of(" \t\r");
  return text.substr(begin, end + 1 - begin);
}

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.rfind(prefix, 0) == 0;
}

// "hidden_test.cpp:42" (or "unknown file"): where gtest says a failure happened.
bool is_location(const std::string& line) {
  if (line == "unknown file") return true;
  const auto colon = line.rfind(':');
  if (colon == std::string::npos || colon + 1 == line.size()) return false;
  for (std::size_t i = colon + 1; i < line.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(line[i]))) return false;
  }
  return line.find(' ') == std::string::npos;
}

// "Suite.Test:" as scoring.cpp heads each failed test.
bool is_test_header(const std::string& line) {
  if (line.size() < 4 || line.back() != ':' || line.find(' ') != std::string::npos) return false;
  return line.find('.') != std::string::npos && !is_location(line.substr(0, line.size() - 1));
}

class Reader {
 public:
  explicit Reader(const std::string& text) {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      lines_.push_back(line);
    }
  }

  std::vector<ExpectedActual> pairs() {
    std::vector<ExpectedActual> out;
    std::string where;
    for (i_ = 0; i_ < lines_.size();) {
      const std::string line = trimmed(lines_[i_]);
      ExpectedActual pair;
      if (is_location(line)) {
        where = line;
        ++i_;
        continue;
      }
      if (!read_pair(line, &pair)) {
        ++i_;
        continue;
      }
      pair.where = where;
      where.clear();
      pair.message = read_message();
      out.push_back(std::move(pair));
    }
    return out;
  }

 private:
  // The next line, trimmed, if it starts with `prefix` (then consumed), else "".
  bool take(const std::string& prefix, std::string* rest) {
    if (i_ >= lines_.size()) return false;
    const std::string line = trimmed(lines_[i_]);
    if (!starts_with(line, prefix)) return false;
    *rest = trimmed(line.substr(prefix.size()));
    ++i_;
    return true;
  }

  // An expression line of "Expected equality", and the "Which is:" under it if any.
  void expression_and_value(std::string* expression, std::string* value) {
    if (i_ >= lines_.size()) return;
    *expression = trimmed(lines_[i_++]);
    if (!take("Which is:", value)) *value = *expression;
  }

  // Reads a pair starting at line i_ (`line` is it, trimmed); false if none starts here.
  bool read_pair(const std::string& line, ExpectedActual* pair) {
    if (line == "Expected equality of these values:") {
      ++i_;
      std::string actual_expression, expected_expression;
      expression_and_value(&actual_expression, &pair->actual);
      expression_and_value(&expected_expression, &pair->expected);
      if (actual_expression != pair->actual) pair->actual_expression = actual_expression;
      if (expected_expression != pair->expected) pair->expected_expression = expected_expression;
      return !pair->actual.empty() || !pair->expected.empty();
    }
    if (starts_with(line, "Value of: ")) {
      pair->actual_expression = trimmed(line.substr(10));
      ++i_;
      // Actual and Expected come in either order, two lines at most.
      for (int k = 0; k < 2; ++k) {
        if (!take("Actual:", &pair->actual)) take("Expected:", &pair->expected);
      }
      return !pair->actual.empty() || !pair->expected.empty();
    }
    if (starts_with(line, "Expected: ")) {
      const std::string rest = line.substr(10);
      const auto comma = rest.rfind(", actual: ");
      ++i_;
      if (comma != std::string::npos) {
        pair->expected = rest.substr(0, comma);
        pair->actual = rest.substr(comma + 10);
        return true;
      }
      pair->expected = trimmed(rest);
      if (take("Actual:", &pair->actual)) return true;
      --i_;
      return false;
    }
    return false;
  }

  // The lines after a pair, up to a blank line or the next failure.
  std::string read_message() {
    std::string message;
    for (; i_ < lines_.size(); ++i_) {
      const std::string line = trimmed(lines_[i_]);
      if (line.empty() || is_location(line) || is_test_header(line) ||
          line == "Expected equality of these values:" || starts_with(line, "Value of: ") ||
          starts_with(line, "Expected: ")) {
        break;
      }
      if (!message.empty()) message += "\n";
      message += line;
    }
    return message;
  }

  std::vector<std::string> lines_;
  std::size_t i_ = 0;
};

}  // namespace

std::vector<ExpectedActual> expected_actual_pairs(const std::string& output) {
  return Reader(output).pairs();
}

}  // namespace ptlabs::grader
