// Student-controlled text (test output, failure and exception texts, build logs)
// made safe to put in a report: capped in size, and shown without the control
// characters that would let it rewrite a terminal.
//
// Every function here runs in time linear in its input, whatever the input:
// no backtracking regular expression ever sees student text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "report.hpp"

namespace ptlabs::grader {

// The caps of student-controlled text in a report, per item.
inline constexpr std::size_t kFailureTextBytes = 512;       // one failed test's messages
inline constexpr std::size_t kCheckOutputBytes = 16 << 10;  // a check's output
inline constexpr std::size_t kBuildLogBytes = 64 << 10;     // a lab's build log
inline constexpr std::size_t kPerfDetailBytes = 8 << 10;    // a perf check's detail

// `text` with every control character but newline and tab written out as an
// escape, so it cannot move the cursor, clear the screen or recolour what
// follows: C0 controls, carriage return and DEL as \xNN, C1 controls
// (U+0080..U+009F, as UTF-8) as \u00NN. Everything else, invalid UTF-8 included,
// is left as it is.
std::string shown_safely(std::string_view text);

// `text` when it has at most `max_bytes` bytes; else its first bytes (cut at a
// UTF-8 character boundary, at most `max_bytes`) and a line saying it was cut:
// "[... cut: N bytes in all, the first M shown]".
std::string capped_text(std::string_view text, std::size_t max_bytes);

// `text` with its head and tail kept when it has more than `max_bytes`: the
// first three quarters and the last quarter, with the cut line between. For a
// build log, whose first error and last lines both matter.
std::string capped_head_and_tail(std::string_view text, std::size_t max_bytes);

// Shortens "/long/path/to/hidden_test.cpp:42" to "hidden_test.cpp:42" wherever a
// path of two or more parts is followed by ':' and a line number.
std::string without_directories(std::string_view text);

// Caps every student-controlled text of the report (check outputs, build logs,
// perf details) at the limits above, so no format of it grows with what the
// submission printed.
void cap_student_text(GradeReport* report);

}  // namespace ptlabs::grader
