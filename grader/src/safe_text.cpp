#include "safe_text.hpp"

#include <cctype>
#include <cstdio>

namespace ptlabs::grader {
namespace {

bool is_continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// The largest length <= `max_bytes` that does not split a UTF-8 character of `text`.
std::size_t character_boundary(std::string_view text, std::size_t max_bytes) {
  std::size_t end = std::min(max_bytes, text.size());
  for (int back = 0; back < 4 && end > 0 && end < text.size() &&
                     is_continuation(static_cast<unsigned char>(text[end]));
       ++back) {
    --end;
  }
  return end;
}

std::string cut_note(std::size_t total, std::size_t kept) {
  return "[... cut: " + std::to_string(total) + " bytes in all, the first " + std::to_string(kept) +
         " shown]";
}

bool is_path_char(char c) { return c != ':' && !std::isspace(static_cast<unsigned char>(c)); }

}  // namespace

std::string shown_safely(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  char escape[8];
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '\n' || byte == '\t' || (byte >= 0x20 && byte != 0x7F && byte != 0xC2)) {
      out.push_back(text[i]);
    } else if (byte == 0xC2) {  // U+0080..U+00BF: C1 controls up to U+009F
      const auto next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
      if (next >= 0x80 && next <= 0x9F) {
        std::snprintf(escape, sizeof escape, "\\u%04x", next);
        out += escape;
        ++i;
      } else {
        out.push_back(text[i]);
      }
    } else {
      std::snprintf(escape, sizeof escape, "\\x%02x", byte);
      out += escape;
    }
  }
  return out;
}

std::string capped_text(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  const std::size_t kept = character_boundary(text, max_bytes);
  std::string out(text.substr(0, kept));
  if (!out.empty() && out.back() != '\n') out += "\n";
  return out + cut_note(text.size(), kept) + "\n";
}

std::string capped_head_and_tail(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  const std::size_t head = character_boundary(text, max_bytes / 4 * 3);
  std::size_t tail_begin = text.size() - max_bytes / 4;
  while (tail_begin < text.size() &&
         is_continuation(static_cast<unsigned char>(text[tail_begin]))) {
    ++tail_begin;
  }
  std::string out(text.substr(0, head));
  if (!out.empty() && out.back() != '\n') out += "\n";
  out += "[... cut: " + std::to_string(text.size()) + " bytes in all, the first " +
         std::to_string(head) + " and the last " + std::to_string(text.size() - tail_begin) +
         " shown]\n";
  return out + std::string(text.substr(tail_begin));
}

std::string without_directories(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] != '/') {
      out.push_back(text[i++]);
      continue;
    }
    // A token of path characters from this slash; a match can only end where it does.
    std::size_t end = i;
    while (end < text.size() && is_path_char(text[end])) ++end;
    const bool line_follows = end + 1 < text.size() && text[end] == ':' &&
                              std::isdigit(static_cast<unsigned char>(text[end + 1]));
    // Walk back over the non-empty parts before `end`: the path is the longest run of
    // them; it needs two or more, and its last is what is kept.
    std::size_t start = end;
    std::size_t last_slash = std::string_view::npos;
    int parts = 0;
    if (line_follows) {
      for (std::size_t k = end; k > i;) {
        const std::size_t slash = text.rfind('/', k - 1);
        if (slash == std::string_view::npos || slash < i || slash + 1 == k) break;  // empty part
        if (last_slash == std::string_view::npos) last_slash = slash;
        start = slash;
        ++parts;
        k = slash;
      }
    }
    if (parts >= 2) {
      out.append(text.substr(i, start - i));
      out.append(text.substr(last_slash + 1, end - last_slash - 1));
    } else {
      out.append(text.substr(i, end - i));
    }
    i = end;
  }
  return out;
}

void cap_student_text(GradeReport* report) {
  for (auto& lab : report->labs) {
    lab.build.log = capped_head_and_tail(lab.build.log, kBuildLogBytes);
    for (auto& check : lab.tests) check.output = capped_text(check.output, kCheckOutputBytes);
    for (auto& perf : lab.perf) perf.detail = capped_text(perf.detail, kPerfDetailBytes);
  }
}

}  // namespace ptlabs::grader
