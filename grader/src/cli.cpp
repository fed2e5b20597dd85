#include "cli.hpp"

namespace ptlabs::grader {

const std::vector<Subcommand>& subcommands() {
  static const std::vector<Subcommand> table = {
      {"grade", "build a submission against the hidden tests and grade it", run_grade},
      {"batch", "grade a class: one submission per student, a gradebook and a summary", run_batch},
      {"list", "list the labs of the catalogue and your progress", run_list},
      {"check", "build and test one lab of your checkout; shows the next hint on a failure",
       run_check},
      {"hint", "reveal the next hint of a lab", run_hint},
      {"watch", "check a lab again every time you save one of its files", run_watch},
      {"table", "the process/thread comparison table, measured on this machine", run_table},
      {"export", "write the student kit: the project without solutions or hidden tests",
       run_export},
      {"gradescope", "write the autograder zip for a Gradescope assignment (package)",
       run_gradescope},
      {"docs", "render the chapters and lab READMEs as an offline HTML site", run_docs},
  };
  return table;
}

}  // namespace ptlabs::grader
