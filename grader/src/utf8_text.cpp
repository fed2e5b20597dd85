#include "utf8_text.hpp"

namespace ptlabs::grader {
namespace {

// Length of the well-formed UTF-8 sequence starting at text[i], or 0 (RFC 3629, table 3-7).
std::size_t sequence_length(std::string_view text, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    length = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    length = 3;
    if (b0 == 0xE0) low = 0xA0;   // no overlong forms
    if (b0 == 0xED) high = 0x9F;  // no surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    length = 4;
    if (b0 == 0xF0) low = 0x90;
    if (b0 == 0xF4) high = 0x8F;  // nothing past U+10FFFF
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return length;
}

void fix(std::string* text) { *text = valid_utf8(*text); }

}  // namespace

std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = sequence_length(text, i);
    if (length == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

void make_valid_utf8(GradeReport* report) {
  fix(&report->submission);
  fix(&report->machine.cpu_model);
  fix(&report->machine.kernel);
  for (auto& protection : report->protections) fix(&protection);
  for (auto& lab : report->labs) {
    fix(&lab.id);
    fix(&lab.title);
    fix(&lab.build.log);
    for (auto& check : lab.tests) {
      fix(&check.name);
      fix(&check.output);
    }
    for (auto& perf : lab.perf) {
      fix(&perf.name);
      fix(&perf.metric);
      fix(&perf.detail);
    }
  }
}

}  // namespace ptlabs::grader
