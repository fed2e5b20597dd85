// Public tests of lab 04 — io-bound. Run them against your own files with
//   build/bin/grader check 04
// or, for these tests alone (ctest does not rebuild):
//   cmake --build build && ctest --test-dir build -L lab04 --output-on-failure
// They start a real HTTP server on 127.0.0.1 (in a child process of its own) that waits 10 ms
// before each answer. The grader's hidden suite checks more: large binary bodies, unreachable
// servers, how many requests were in flight at once, and which processes made them.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "ptlabs/testing/http_test_server.hpp"
#include "support/shared_memory.hpp"
#include "task.hpp"

namespace {

using ptlabs::testing::HttpTestServer;
using Fetcher = std::vector<std::string> (*)(const std::string&, int,
                                             const std::vector<std::string>&, int);

std::vector<std::string> item_paths(int n) {
  std::vector<std::string> paths;
  for (int k = 0; k < n; ++k) paths.push_back("/item/" + std::to_string(k));
  return paths;
}

void expect_bodies_in_order(Fetcher fetch) {
  HttpTestServer server(0.01);
  const auto paths = item_paths(12);
  const auto bodies = fetch(server.host(), server.port(), paths, 4);
  ASSERT_EQ(bodies.size(), paths.size());
  for (std::size_t i = 0; i < paths.size(); ++i) {
    EXPECT_EQ(bodies[i], HttpTestServer::expected_body(paths[i])) << "the body of " << paths[i];
  }
}

void expect_error_names_path(Fetcher fetch) {
  HttpTestServer server(0.01);
  auto paths = item_paths(6);
  paths[3] = "/error/500";
  try {
    fetch(server.host(), server.port(), paths, 3);
    ADD_FAILURE() << "no exception, although " << paths[3] << " answered status 500";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/error/500"), std::string::npos)
        << "the message does not name the path: " << e.what();
  }
}

TEST(PublicFetch, ProcessesReturnBodiesInOrder) {
  expect_bodies_in_order(lab04::fetch_all_in_processes);
  ptlabs::testing::reap_all_children();
}

TEST(PublicFetch, ThreadsReturnBodiesInOrder) {
  expect_bodies_in_order(lab04::fetch_all_in_threads);
}

TEST(PublicFetch, ProcessesNameAFailingPath) {
  expect_error_names_path(lab04::fetch_all_in_processes);
  ptlabs::testing::reap_all_children();
}

TEST(PublicFetch, ThreadsNameAFailingPath) { expect_error_names_path(lab04::fetch_all_in_threads); }

TEST(PublicFetch, ConcurrencyBelowOneIsRejected) {
  const std::vector<std::string> paths = {"/item/1"};
  EXPECT_THROW(lab04::fetch_all_in_processes("127.0.0.1", 1, paths, 0), std::invalid_argument);
  EXPECT_THROW(lab04::fetch_all_in_threads("127.0.0.1", 1, paths, 0), std::invalid_argument);
}

}  // namespace
