// What a failed GoogleTest assertion expected and what it got, read back from
// the failure text the hidden suites print, so a report can show the pair
// side by side instead of gtest's layout.
//
// Recognised forms (gtest 1.10 and later):
//   Expected equality of these values:      EXPECT_EQ(actual, expected): the
//     ACTUAL_EXPR                            project's tests put the value under
//       Which is: ACTUAL                     test first, the expected one second
//     EXPECTED_EXPR
//       Which is: EXPECTED
//   Value of: EXPR / Actual: A / Expected: E  (EXPECT_TRUE, EXPECT_THAT; either order)
//   Expected: (a) < (b), actual: 3 vs 2       (EXPECT_LT and friends)
//   Expected: E / Actual: A                   (EXPECT_THROW and others)
// Lines after the pair up to the next failure are the assertion's message.
#pragma once

#include <string>
#include <vector>

namespace ptlabs::grader {

struct ExpectedActual {
  std::string where;                // "hidden_test.cpp:42", or "" when not given
  std::string expected;             // the expected value
  std::string expected_expression;  // what was evaluated for it, when it says more
  std::string actual;               // the value the submission produced
  std::string actual_expression;
  std::string message;  // the assertion's own words, or ""
};

// Returns the expected/actual pair of every assertion failure in `output` that
// has one, in order; empty when there is none (a crash, a timeout, prose).
std::vector<ExpectedActual> expected_actual_pairs(const std::string& output);

}  // namespace ptlabs::grader
