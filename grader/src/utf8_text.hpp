// Making text from outside valid UTF-8 before it reaches a report.
//
// Compiler messages and test output quote the student's bytes as they are: a
// process.cpp of binary garbage puts invalid UTF-8 into the build log, and the
// JSON writer refuses it (nlohmann::json throws type_error 316 on dump). Each
// invalid byte becomes U+FFFD, so the report says what happened instead of the
// grader crashing.
#pragma once

#include <string>
#include <string_view>

#include "report.hpp"

namespace ptlabs::grader {

// `text` with every byte that is not part of a well-formed UTF-8 sequence
// (stray continuation bytes, overlong forms, surrogates, code points past
// U+10FFFF, truncated sequences) replaced by U+FFFD.
std::string valid_utf8(std::string_view text);

// Applies valid_utf8() to every string of the report.
void make_valid_utf8(GradeReport* report);

}  // namespace ptlabs::grader
