#include "ptlabs/identity.hpp"

#include <sys/syscall.h>
#include <unistd.h>

namespace ptlabs {

int current_pid() { return static_cast<int>(::getpid()); }

int current_tid() { return static_cast<int>(::syscall(SYS_gettid)); }

}  // namespace ptlabs
