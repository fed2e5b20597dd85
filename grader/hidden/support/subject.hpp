// The subject's stub: the main() of the program that runs a student's code
// under a lab's harness (subject_protocol.hpp). A lab adds its calls in
// grader/hidden/<lab>/subject.cpp with PTLABS_SUBJECT_CALL; each takes the
// call's arguments and returns its result as JSON, calling the student's
// functions with jobs built from the kinds the lab implements.
//
// What a subject must never hold: a hidden test, an expected value or the text
// of an assertion. Everything the subject returns is checked by the harness.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <string>

#include "support/subject_protocol.hpp"

namespace ptlabs::subject {

using Json = nlohmann::json;
using CallFn = std::function<Json(const Json& args)>;

// Registers a call under `name`; returns true (for static registration).
bool register_call(const std::string& name, CallFn fn);

// The number of the call being served: events of its jobs carry it, so the
// harness can tell the jobs of one call from those of an earlier one.
std::int64_t call_number();

// A job's input from the harness, announcing that the calling task begins job
// `index`. Throws std::runtime_error when no harness answers.
std::int64_t begin_job(std::int64_t index);

// Announces that the calling task finished job `index` with `output`.
void end_job(std::int64_t index, std::int64_t output);

// Waits at the harness's barrier `id` as job `index`; returns true iff every
// party arrived before the harness's deadline.
bool arrive(std::int64_t id, std::int64_t index);

// Sends a lab-defined mark (tag, value) for the current call.
void mark(std::int64_t tag, std::int64_t value);

}  // namespace ptlabs::subject

#define PTLABS_SUBJECT_CONCAT_(a, b) a##b
#define PTLABS_SUBJECT_CONCAT(a, b) PTLABS_SUBJECT_CONCAT_(a, b)
// PTLABS_SUBJECT_CALL("name", [](const Json& args) -> Json { ... });
#define PTLABS_SUBJECT_CALL(name, ...)                                               \
  [[maybe_unused]] static const bool PTLABS_SUBJECT_CONCAT(ptlabs_call_, __LINE__) = \
      ::ptlabs::subject::register_call(name, __VA_ARGS__)
