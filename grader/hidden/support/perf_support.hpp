// Support shared by the labs' perf drivers (one timed trial per run).
#pragma once

#include <sys/resource.h>

namespace ptlabs::testing {

// Returns the CPU time (user + system) of this process and of the children it
// has reaped: a trial's CPU cost is the difference of two calls around it.
inline double cpu_seconds() {
  auto seconds = [](const timeval& tv) {
    return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
  };
  rusage self{}, children{};
  ::getrusage(RUSAGE_SELF, &self);
  ::getrusage(RUSAGE_CHILDREN, &children);
  return seconds(self.ru_utime) + seconds(self.ru_stime) + seconds(children.ru_utime) +
         seconds(children.ru_stime);
}

}  // namespace ptlabs::testing
