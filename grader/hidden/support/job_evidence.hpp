// Which task did each job of one call, as the harness saw it (harness.hpp):
// the kJobBegin and kJobEnd events of the call, grouped by job index, with
// what is wrong with them said in words a student can act on.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "support/harness.hpp"

namespace ptlabs::harness {

struct JobRecord {
  Event begin;
  Event end;
  bool ended = false;
};

struct JobEvidence {
  std::map<std::int64_t, JobRecord> jobs;  // by job index
  std::vector<std::string> problems;       // empty when every job began once and ended once
                                           // on the task that began it
};

// Gathers the evidence of call `call` for jobs 0 .. n-1. With `need_end`
// false a job that began but did not end is no problem (a job that failed).
inline JobEvidence job_evidence(const Subject& subject, std::int64_t call, int n,
                                bool need_end = true) {
  JobEvidence out;
  std::map<std::int64_t, int> begins;
  for (const Event& e : subject.events_of_call(call, EventKind::kJobBegin)) {
    ++begins[e.b];
    out.jobs[e.b].begin = e;
  }
  for (const Event& e : subject.events_of_call(call, EventKind::kJobEnd)) {
    auto found = out.jobs.find(e.b);
    if (found == out.jobs.end()) {
      out.problems.push_back("job " + std::to_string(e.b) + " ended without beginning");
      continue;
    }
    if (found->second.begin.tid != e.tid) {
      out.problems.push_back("job " + std::to_string(e.b) +
                             " began on one task and ended on "
                             "another");
    }
    found->second.end = e;
    found->second.ended = true;
  }
  std::vector<int> never_ran;
  for (int i = 0; i < n; ++i) {
    const auto count = begins.count(i) ? begins[i] : 0;
    if (count == 0) {
      never_ran.push_back(i);
    } else if (count > 1) {
      out.problems.push_back("job " + std::to_string(i) + " ran " + std::to_string(count) +
                             " times; run each job once");
    } else if (need_end && !out.jobs[i].ended) {
      out.problems.push_back("job " + std::to_string(i) + " began but never finished");
    }
  }
  if (!never_ran.empty()) {
    std::string list;
    for (std::size_t k = 0; k < never_ran.size() && k < 8; ++k) {
      list += (k == 0 ? "" : ", ") + std::to_string(never_ran[k]);
    }
    if (never_ran.size() > 8) list += ", ...";
    out.problems.push_back(std::to_string(never_ran.size()) + " of " + std::to_string(n) +
                           " jobs never ran (" + list + ")");
  }
  for (const auto& [index, record] : out.jobs) {
    if (index < 0 || index >= n) {
      out.problems.push_back("a job with index " + std::to_string(index) + " ran; only 0 to " +
                             std::to_string(n - 1) + " exist");
    }
  }
  return out;
}

// Joins problems into one message.
inline std::string join(const std::vector<std::string>& problems) {
  std::string text;
  for (const auto& p : problems) text += (text.empty() ? "" : "; ") + p;
  return text;
}

}  // namespace ptlabs::harness
