// Measurement driver of lab 07 — interrupt, for `grader table`: runs ONE job
// with a deadline in this fresh process and prints one JSON line.
//
//   perf_driver process|thread busy|blocked|ignores-sigterm|cooperative DEADLINE_S GRACE_S
//
// The job lives for DEADLINE_S + GRACE_S + 1 s unless it is stopped. A thread
// that could not be interrupted is still running when the line is printed; the
// driver then leaves with _exit(), which ends it with the process.
//
// Output: {"ok": true, "outcome": "...", "wall_s": seconds until the worker was gone or given
// up} or {"ok": false, "error": "..."}.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <nlohmann/json.hpp>
#include <string>

#include "task.hpp"

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr,
                 "usage: perf_driver process|thread busy|blocked|ignores-sigterm|cooperative "
                 "DEADLINE_S GRACE_S\n");
    return 2;
  }
  const std::string where = argv[1];
  const std::string kind_name = argv[2];
  const double deadline = std::atof(argv[3]);
  const double grace = std::atof(argv[4]);
  lab07::JobKind kind = lab07::JobKind::kBusyLoop;
  if (kind_name == "blocked") kind = lab07::JobKind::kBlockedInSyscall;
  if (kind_name == "ignores-sigterm") kind = lab07::JobKind::kIgnoresSigterm;
  if (kind_name == "cooperative") kind = lab07::JobKind::kCooperative;
  nlohmann::json out;
  try {
    const lab07::Job job = lab07::make_job(kind, deadline + grace + 1.0);
    const lab07::Result result = where == "thread" ? lab07::run_in_thread(job, deadline, grace)
                                                   : lab07::run_in_process(job, deadline, grace);
    out = {{"ok", true}, {"outcome", lab07::to_string(result.outcome)}, {"wall_s", result.seconds}};
  } catch (const std::exception& e) {
    out = {{"ok", false}, {"error", e.what()}};
  }
  std::printf("%s\n", out.dump().c_str());
  std::fflush(stdout);
  ::_exit(0);
}
