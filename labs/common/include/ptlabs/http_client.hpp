// A small HTTP/1.1 GET client for the I/O-bound labs.
//
// One request per TCP connection, blocking, no DNS: the host is a numeric
// address (127.0.0.1 or ::1 in these labs). Safe to use from any thread and
// from a forked child; it keeps no global state.
#pragma once

#include <string>

namespace ptlabs {

struct HttpResponse {
  int status = 0;    // 200, 404, 500, ...
  std::string body;  // exactly the bytes the server sent as the body
};

// Sends GET `path` to host:port and reads the whole response. Throws
// std::runtime_error naming the host, port and path when it cannot connect,
// when the server does not answer within `timeout_s`, or when the response is
// not valid HTTP. An HTTP error status is not an exception: check `status`.
HttpResponse http_get(const std::string& host, int port, const std::string& path,
                      double timeout_s = 10.0);

}  // namespace ptlabs
