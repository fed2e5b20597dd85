// The hint ladder of a lab (the catalogue's `hints`, gentle first): which hint
// comes next, revealing it, and the text `grader hint` and `grader check` print.
//
// Pure logic on the catalogue entry and the progress record; the commands load
// and save the record around it.
#pragma once

#include <string>

#include "catalog.hpp"
#include "progress_state.hpp"
#include "style.hpp"

namespace ptlabs::grader {

// How many hints of `lab` the record says are revealed, never more than the lab has
// (the catalogue may have lost a hint since).
int revealed_hints(const Lab& lab, const LabProgress& progress);

// Reveals the next hint: returns true (and counts it in *progress) iff one was left.
bool reveal_next_hint(const Lab& lab, LabProgress* progress);

// "Hint 2 of 5: <text>" for hint `number` (1-based) of `lab`.
std::string hint_line(const Lab& lab, int number, const Style& style);

// Every revealed hint, one `hint_line` each, then what to do next: run
// `grader hint NN` for another one, or, when they are all shown, that there are
// no more and the README's folded hints explain further.
std::string render_revealed(const Lab& lab, int revealed, const Style& style);

// The command that reveals another hint of `lab`: "grader hint 01".
std::string hint_command(const Lab& lab);

// The short lab key a student types: "01" for "01-spawn".
std::string lab_key(const Lab& lab);

}  // namespace ptlabs::grader
