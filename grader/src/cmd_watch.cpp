// `grader watch LAB`: check a lab, then check it again every time one of its
// files is saved (file_watch.hpp), until Ctrl-C.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <csignal>
#include <cxxopts.hpp>
#include <iostream>

#include "cli.hpp"
#include "cli_common.hpp"
#include "exit_codes.hpp"
#include "file_watch.hpp"
#include "lab_check.hpp"
#include "submission.hpp"

namespace ptlabs::grader {
namespace fs = std::filesystem;
namespace {

// How long the folder must be quiet after a save before the re-check starts:
// one save often makes several events (write, rename, chmod).
constexpr int kDebounceMs = 200;

// Ctrl-C (SIGINT) and SIGTERM: set a flag and wake the watch loop through a pipe.
volatile std::sig_atomic_t g_stop = 0;
int g_wake_fd = -1;

extern "C" void on_stop_signal(int) {
  g_stop = 1;
  const char byte = 1;
  [[maybe_unused]] ssize_t n = ::write(g_wake_fd, &byte, 1);
}

// Installs the handlers; returns the read end of the wake-up pipe, or -1.
int install_stop_handlers(std::string* err) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) {
    *err = "cannot create a pipe for Ctrl-C";
    return -1;
  }
  g_wake_fd = fds[1];
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  ::sigaction(SIGINT, &action, nullptr);
  ::sigaction(SIGTERM, &action, nullptr);
  return fds[0];
}

// On a terminal: clear the screen and move to the top; piped: a separator line.
void redraw(std::ostream& out, bool terminal) {
  if (terminal) {
    out << "\x1b[2J\x1b[H";
  } else {
    out << "\n----\n";
  }
}

}  // namespace

int run_watch(int argc, char** argv) {
  cxxopts::Options options("grader watch",
                           "Check a lab (like grader check), then check it again every time you "
                           "save one of its files.\nCtrl-C quits.");
  options.add_options()("lab", "lab id or number (01 or 01-spawn)", cxxopts::value<std::string>())(
      "no-perf", "skip the performance checks")(
      "no-sandbox", "run your code without bubblewrap (the limits still apply)")("h,help",
                                                                                 "show this help");
  options.parse_positional({"lab"});
  options.positional_help("LAB");
  cxxopts::ParseResult args;
  try {
    args = options.parse(argc, argv);
  } catch (const cxxopts::exceptions::exception& e) {
    print_error(std::string(e.what()) + "; see grader watch --help");
    return kExitBadInput;
  }
  if (args.count("help")) {
    std::cout << options.help() << "\nExit status: 0 after Ctrl-C, 2 bad usage or input, "
              << "3 the grader itself failed.\n";
    return kExitAllPassed;
  }
  if (!args.unmatched().empty() || args.count("lab") == 0) {
    print_error(args.count("lab") == 0 ? "name the lab to watch, e.g. grader watch 01"
                                       : "unexpected argument '" + args.unmatched().front() +
                                             "'; watch takes one lab, see grader watch --help");
    return kExitBadInput;
  }
  Toolchain toolchain;
  Catalog catalog;
  if (!load_setup(&toolchain, &catalog)) return kExitGraderFailed;
  std::string err;
  const Lab* lab = catalog.find(args["lab"].as<std::string>(), &err);
  if (lab == nullptr) {
    print_error(err);
    return kExitBadInput;
  }
  const fs::path checkout = default_checkout(toolchain);
  const fs::path lab_dir = find_lab_dir(checkout / "labs", *lab);
  if (lab_dir.empty()) {
    print_error("your checkout " + checkout.string() + " has no folder labs/" + lab->id +
                "/; run grader watch inside the checkout that holds labs/");
    return kExitBadInput;
  }
  FolderWatch watch;
  const int wake_fd = install_stop_handlers(&err);
  if (wake_fd < 0 || !watch.open(lab_dir, &err)) {
    print_error(err);
    return kExitGraderFailed;
  }
  become_subreaper();
  const SandboxSetup sandbox = detect_sandbox(toolchain, args.count("no-sandbox") == 0);
  const bool terminal = ::isatty(STDOUT_FILENO) == 1;
  const Style style = Style::for_fd(STDOUT_FILENO);
  const ProgressFn shown = terminal_progress();
  // Ctrl-C during a check stops it at its next step.
  const ProgressFn progress = [&shown](const std::string& line) {
    if (g_stop) throw CheckInterrupted();
    if (shown) shown(line);
  };

  CheckOptions check_options;
  check_options.perf = args.count("no-perf") == 0;
  std::string saved;
  for (int round = 0; !g_stop; ++round) {
    redraw(std::cout, terminal);
    if (round > 0) std::cout << style.dim("re-checking after a save of " + saved) << "\n";
    // A fresh record each round: `grader hint` may have revealed hints in between.
    ProgressSession session = open_progress(checkout);
    try {
      const int status = check_lab(toolchain, catalog, *lab, checkout, check_options, sandbox,
                                   &session, std::cout, style, progress);
      if (status == kExitGraderFailed) return status;
    } catch (const CheckInterrupted&) {
      break;
    }
    // Only the first check of a watch reveals a new hint; later saves repeat it.
    check_options.reveal_hint = false;
    std::cout << "\n"
              << style.bold("watching labs/" + lab->id + "/") << " — save a file to re-check, "
              << "Ctrl-C to quit" << std::endl;
    const FolderWatch::Wait woke = watch.wait_for_save(wake_fd, kDebounceMs, &saved, &err);
    if (woke == FolderWatch::Wait::kError) {
      print_error(err);
      return kExitGraderFailed;
    }
    if (woke == FolderWatch::Wait::kInterrupted) break;
  }
  clear_progress();
  std::cout << "\nstopped watching labs/" << lab->id << "/\n";
  return kExitAllPassed;
}

}  // namespace ptlabs::grader
