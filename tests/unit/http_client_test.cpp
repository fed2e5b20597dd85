// The HTTP client against the real test server on 127.0.0.1.
#include "ptlabs/http_client.hpp"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>
#include <thread>

#include "ptlabs/testing/http_test_server.hpp"

namespace ptlabs {
namespace {

using testing::HttpTestServer;

// A port on 127.0.0.1 where nothing listens: bound, then closed.
int closed_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

TEST(HttpClient, BodiesArriveByteExact) {
  HttpTestServer server(0);
  for (const char* path :
       {"/item/3", "/item/40", "/bytes/0", "/bytes/1", "/bytes/300000", "/slow/5"}) {
    HttpResponse response = http_get(server.host(), server.port(), path);
    EXPECT_EQ(response.status, 200) << path;
    EXPECT_EQ(response.body, HttpTestServer::expected_body(path)) << path;
  }
  EXPECT_EQ(HttpTestServer::expected_body("/bytes/300000").size(), 300000u);
}

TEST(HttpClient, ErrorStatusesAreValuesNotExceptions) {
  HttpTestServer server(0);
  EXPECT_EQ(http_get(server.host(), server.port(), "/error/503").status, 503);
  EXPECT_EQ(http_get(server.host(), server.port(), "/error/404").status, 404);
  EXPECT_EQ(http_get(server.host(), server.port(), "/nothing/here").status, 404);
}

TEST(HttpClient, UnreachableServerNamesWhereItWent) {
  const int port = closed_port();
  try {
    http_get("127.0.0.1", port, "/item/1", 2.0);
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("127.0.0.1:" + std::to_string(port) + "/item/1"), std::string::npos)
        << what;
    EXPECT_NE(what.find("cannot connect"), std::string::npos) << what;
  }
  EXPECT_THROW(http_get("not-an-address", 80, "/"), std::runtime_error);
}

TEST(HttpClient, SlowAnswerTimesOut) {
  HttpTestServer server(0);
  EXPECT_THROW(http_get(server.host(), server.port(), "/slow/3000", 0.2), std::runtime_error);
}

TEST(HttpTestServer, CountsRequestsInFlight) {
  HttpTestServer server(0.2);
  std::vector<std::thread> clients;
  for (int i = 0; i < 6; ++i) {
    clients.emplace_back([&server] { http_get(server.host(), server.port(), "/item/1"); });
  }
  for (auto& client : clients) client.join();
  EXPECT_EQ(server.requests(), 6);
  EXPECT_EQ(server.max_in_flight(), 6) << "six requests sleeping 0.2 s overlap";
  server.reset_stats();
  EXPECT_EQ(server.requests(), 0);
  EXPECT_EQ(server.max_in_flight(), 0);
}

}  // namespace
}  // namespace ptlabs
