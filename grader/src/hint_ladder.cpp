#include "hint_ladder.hpp"

#include <algorithm>

namespace ptlabs::grader {

int revealed_hints(const Lab& lab, const LabProgress& progress) {
  return std::clamp(progress.hints_revealed, 0, static_cast<int>(lab.hints.size()));
}

bool reveal_next_hint(const Lab& lab, LabProgress* progress) {
  const int revealed = revealed_hints(lab, *progress);
  if (revealed >= static_cast<int>(lab.hints.size())) {
    progress->hints_revealed = revealed;
    return false;
  }
  progress->hints_revealed = revealed + 1;
  return true;
}

std::string lab_key(const Lab& lab) { return lab.id.substr(0, lab.id.find('-')); }

std::string hint_command(const Lab& lab) { return "grader hint " + lab_key(lab); }

std::string hint_line(const Lab& lab, int number, const Style& style) {
  return style.bold("Hint " + std::to_string(number) + " of " + std::to_string(lab.hints.size())) +
         ": " + lab.hints.at(static_cast<std::size_t>(number - 1));
}

std::string render_revealed(const Lab& lab, int revealed, const Style& style) {
  std::string out;
  for (int i = 1; i <= revealed; ++i) out += hint_line(lab, i, style) + "\n";
  const std::string readme = "labs/" + lab.id + "/README.md";
  if (lab.hints.empty()) {
    out += "Lab " + lab.id + " has no hints in the catalogue; its README (" + readme +
           ") explains the task.\n";
  } else if (revealed >= static_cast<int>(lab.hints.size())) {
    out += "No more hints: all " + std::to_string(lab.hints.size()) +
           " are shown above. The folded hints in " + readme +
           " (section \"Hints\") explain each one at length.\n";
  } else {
    out += "Another hint: " + style.bold(hint_command(lab)) + "\n";
  }
  return out;
}

}  // namespace ptlabs::grader
