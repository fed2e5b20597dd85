// Public tests of lab 09 — pipeline. Run them against your own files with
//   build/bin/grader check 09
// or, for these tests alone (ctest does not rebuild):
//   cmake --build build && ctest --test-dir build -L lab09 --output-on-failure
// They start a real HTTP server on 127.0.0.1 (in a child process of its own) that waits 10 ms
// before each answer. The grader's hidden suite checks more: which processes and threads
// scored each item (from the kernel's call log), how many requests were in flight at once,
// that no child is left behind, and that the hybrid forks its pool before starting a thread.
#include <gtest/gtest.h>

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "ptlabs/kernel.hpp"
#include "ptlabs/testing/http_test_server.hpp"
#include "support/shared_memory.hpp"
#include "task.hpp"

namespace {

using ptlabs::testing::HttpTestServer;

std::vector<std::string> item_paths(int n) {
  std::vector<std::string> paths;
  for (int k = 0; k < n; ++k) paths.push_back("/item/" + std::to_string(k));
  return paths;
}

// The expected scores, computed here in this thread with the native kernel (same loop, same
// answers, no GIL).
void expect_scores(const std::vector<std::string>& paths, const std::vector<lab09::Score>& got) {
  ASSERT_EQ(got.size(), paths.size()) << "one Score per path, in the order of the paths";
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const auto range = lab09::score_range(HttpTestServer::expected_body(paths[i]));
    EXPECT_EQ(got[i].path, paths[i]);
    EXPECT_EQ(got[i].primes, ptlabs::count_primes(ptlabs::Kernel::kNative, range.lo, range.hi))
        << "the score of " << paths[i];
  }
}

void expect_error_names_path(
    const std::function<void(const HttpTestServer&, const std::vector<std::string>&)>& run) {
  HttpTestServer server(0.01);
  auto paths = item_paths(6);
  paths[3] = "/error/500";
  try {
    run(server, paths);
    ADD_FAILURE() << "no exception, although " << paths[3] << " answered status 500";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/error/500"), std::string::npos)
        << "the message does not name the path: " << e.what();
  }
}

// Starts the embedded interpreter once, in the main thread, before any test, as a real program
// would: every child forked later inherits it ready to run.
class PrepareKernel : public testing::Environment {
 public:
  void SetUp() override { ptlabs::prepare_kernel(ptlabs::Kernel::kPython); }
};
testing::Environment* const kPrepareKernel = testing::AddGlobalTestEnvironment(new PrepareKernel);

TEST(PublicPipeline, ScoreRangeIsFixed) {
  const auto range = lab09::score_range("item 1\nitem 1\n");
  EXPECT_EQ(range.hi - range.lo, lab09::kScoreSpan);
  EXPECT_GE(range.lo, lab09::kScoreBase);
}

TEST(PublicPipeline, ThreadsReturnScoresInOrder) {
  HttpTestServer server(0.01);
  const auto paths = item_paths(10);
  expect_scores(paths, lab09::pipeline_threads(server.host(), server.port(), paths, 4));
}

TEST(PublicPipeline, ProcessesReturnScoresInOrder) {
  HttpTestServer server(0.01);
  const auto paths = item_paths(10);
  expect_scores(paths, lab09::pipeline_processes(server.host(), server.port(), paths, 2));
  ptlabs::testing::reap_all_children();
}

TEST(PublicPipeline, HybridReturnsScoresInOrder) {
  HttpTestServer server(0.01);
  const auto paths = item_paths(10);
  expect_scores(paths, lab09::pipeline_hybrid(server.host(), server.port(), paths, 4, 2));
  ptlabs::testing::reap_all_children();
}

TEST(PublicPipeline, ThreadsNameAFailingPath) {
  expect_error_names_path([](const HttpTestServer& server, const std::vector<std::string>& paths) {
    lab09::pipeline_threads(server.host(), server.port(), paths, 3);
  });
}

TEST(PublicPipeline, ProcessesNameAFailingPath) {
  expect_error_names_path([](const HttpTestServer& server, const std::vector<std::string>& paths) {
    lab09::pipeline_processes(server.host(), server.port(), paths, 2);
  });
  ptlabs::testing::reap_all_children();
}

TEST(PublicPipeline, HybridNamesAFailingPath) {
  expect_error_names_path([](const HttpTestServer& server, const std::vector<std::string>& paths) {
    lab09::pipeline_hybrid(server.host(), server.port(), paths, 3, 2);
  });
  ptlabs::testing::reap_all_children();
}

TEST(PublicPipeline, CountsBelowOneAreRejected) {
  const std::vector<std::string> paths = {"/item/1"};
  EXPECT_THROW(lab09::pipeline_threads("127.0.0.1", 1, paths, 0), std::invalid_argument);
  EXPECT_THROW(lab09::pipeline_processes("127.0.0.1", 1, paths, 0), std::invalid_argument);
  EXPECT_THROW(lab09::pipeline_hybrid("127.0.0.1", 1, paths, 0, 2), std::invalid_argument);
  EXPECT_THROW(lab09::pipeline_hybrid("127.0.0.1", 1, paths, 2, 0), std::invalid_argument);
}

}  // namespace
