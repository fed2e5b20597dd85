// The grader's subcommands. Each takes the arguments after its name and
// returns an exit status (exit_codes.hpp); only main() exits.
#pragma once

#include <string>
#include <vector>

namespace ptlabs::grader {

struct Subcommand {
  const char* name;
  const char* summary;
  int (*run)(int argc, char** argv);
};

// The table main() dispatches on, in the order `grader --help` lists them.
const std::vector<Subcommand>& subcommands();

int run_grade(int argc, char** argv);
int run_export(int argc, char** argv);
int run_gradescope(int argc, char** argv);
int run_batch(int argc, char** argv);
int run_list(int argc, char** argv);
int run_check(int argc, char** argv);
int run_hint(int argc, char** argv);
int run_watch(int argc, char** argv);
int run_table(int argc, char** argv);
int run_docs(int argc, char** argv);

}  // namespace ptlabs::grader
