// The python kernel: the prime-counting loop as real Python code, run by an
// embedded CPython interpreter with its real Global Interpreter Lock.
//
// The interpreter starts once per process image (std::call_once); the thread
// that starts it releases the GIL right away, and every call takes it with
// PyGILState_Ensure(). fork() is made safe by pthread_atfork handlers that run
// CPython's own hooks: the forking thread takes the GIL and calls
// PyOS_BeforeFork(), then PyOS_AfterFork_Parent() or PyOS_AfterFork_Child()
// (which re-initialises the GIL and drops other threads' states) and releases
// it. A forked child therefore owns a working interpreter and GIL of its own.
#include <Python.h>
#include <pthread.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>

#include "kernel_internal.hpp"

namespace ptlabs::internal {
namespace {

// The loop the python kernel runs, line for line the native one.
const char* const kSource = R"PY(
def count_primes(lo, hi):
    count = 0
    n = max(lo, 2)
    while n < hi:
        if n < 4:
            count += 1
        elif n % 2:
            d = 3
            while d * d <= n:
                if n % d == 0:
                    break
                d += 2
            else:
                count += 1
        n += 1
    return count
)PY";

std::once_flag g_started;
PyObject* g_count_primes = nullptr;
std::atomic<bool> g_running{false};

// State carried from the prepare handler to the parent and child handlers of
// one fork(); the child gets its copy with the fork.
bool g_fork_holds_gil = false;
PyGILState_STATE g_fork_gil_state;

void before_fork() {
  g_fork_holds_gil = g_running.load();
  if (!g_fork_holds_gil) return;
  g_fork_gil_state = PyGILState_Ensure();
  PyOS_BeforeFork();
}

void after_fork_in_parent() {
  if (!g_fork_holds_gil) return;
  PyOS_AfterFork_Parent();
  PyGILState_Release(g_fork_gil_state);
}

void after_fork_in_child() {
  if (!g_fork_holds_gil) return;
  PyOS_AfterFork_Child();
  // Keep the forking thread's state and only give the GIL away: CPython 3.11 forgets
  // every other thread state in the child, and a new one made later by
  // PyGILState_Ensure() would reuse the interpreter's initial state and abort
  // ("init_threadstate: thread state already initialized") when the interpreter was
  // started by a thread other than the one that forked.
  PyEval_SaveThread();
}

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "ptlabs python kernel: %s\n", what);
  if (PyErr_Occurred()) PyErr_Print();
  std::abort();
}

void start_interpreter() {
  PyConfig config;
  PyConfig_InitIsolatedConfig(&config);
  config.install_signal_handlers = 0;  // SIGINT stays the program's, not Python's
  config.site_import = 0;
  // Debian's interpreter, so the standard library matches the linked libpython.
  PyStatus status =
      PyConfig_SetBytesString(&config, &config.program_name, PTLABS_PYTHON_EXECUTABLE);
  if (!PyStatus_Exception(status)) status = Py_InitializeFromConfig(&config);
  PyConfig_Clear(&config);
  if (PyStatus_Exception(status)) fail(status.err_msg ? status.err_msg : "cannot start CPython");

  PyObject* globals = PyDict_New();
  PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins());
  PyObject* module = PyRun_String(kSource, Py_file_input, globals, globals);
  if (module == nullptr) fail("the kernel's Python source does not run");
  Py_DECREF(module);
  g_count_primes = PyDict_GetItemString(globals, "count_primes");  // borrowed; globals lives on
  if (g_count_primes == nullptr) fail("count_primes is missing from the kernel's source");

  if (pthread_atfork(before_fork, after_fork_in_parent, after_fork_in_child) != 0) {
    fail("pthread_atfork failed");
  }
  g_running.store(true);
  PyEval_SaveThread();  // give the GIL away: every call takes it for itself
}

}  // namespace

void python_prepare() { std::call_once(g_started, start_interpreter); }

std::int64_t python_count_primes(std::int64_t lo, std::int64_t hi) {
  python_prepare();
  PyGILState_STATE gil = PyGILState_Ensure();
  PyObject* result = PyObject_CallFunction(g_count_primes, "LL", static_cast<long long>(lo),
                                           static_cast<long long>(hi));
  if (result == nullptr) fail("count_primes raised an exception");
  long long count = PyLong_AsLongLong(result);
  Py_DECREF(result);
  PyGILState_Release(gil);
  return count;
}

}  // namespace ptlabs::internal
