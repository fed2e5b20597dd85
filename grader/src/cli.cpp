#include "cli.hpp"

namespace ptlabs::grader {

const std::vector<Subcommand>& subcommands() {
  static const std::vector<Subcommand> table = {
      {"grade", "build a submission against the hidden tests and grade it", run_grade},
      {"list", "list the labs of the catalogue", run_list},
      {"table", "the process/thread comparison table, measured on this machine", run_table},
  };
  return table;
}

}  // namespace ptlabs::grader
