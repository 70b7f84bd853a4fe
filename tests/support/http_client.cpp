#include "support/http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <strings.h>

#include <algorithm>
#include <regex>
#include <cctype>
#include <stdexcept>

namespace barometer::testing {

namespace {
bool iequal(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower((unsigned char)x) == std::tolower((unsigned char)y);
         });
}
}  // namespace

std::string HttpReply::header(const std::string& name) const {
  for (const auto& [k, v] : headers)
    if (iequal(k, name)) return v;
  return "";
}

bool HttpReply::has_header(const std::string& name) const {
  for (const auto& [k, v] : headers)
    if (iequal(k, name)) return true;
  return false;
}

HttpConnection::HttpConnection(const std::string& host, int port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  ::inet_pton(AF_INET, host.c_str(), &addr.sin_addr);
  if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    if (fd_ >= 0) ::close(fd_);
    throw std::runtime_error("cannot connect to " + host + ":" + std::to_string(port));
  }
}

HttpConnection::~HttpConnection() {
  if (fd_ >= 0) ::close(fd_);
}

void HttpConnection::send_raw(const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;  // peer closed; the read will tell
    sent += std::size_t(n);
  }
}

bool HttpConnection::closed_by_peer(int timeout_ms) {
  pollfd p{fd_, POLLIN, 0};
  while (::poll(&p, 1, timeout_ms) > 0) {
    char buf[4096];
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return true;
    buffer_.append(buf, std::size_t(n));
  }
  return false;
}

std::optional<HttpReply> HttpConnection::read_reply(bool head_request, int timeout_ms) {
  auto fill = [&]() -> bool {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) return false;
    char buf[16384];
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return false;
    buffer_.append(buf, std::size_t(n));
    return true;
  };
  std::size_t end;
  while ((end = buffer_.find("\r\n\r\n")) == std::string::npos)
    if (!fill()) return std::nullopt;
  HttpReply reply;
  std::string head = buffer_.substr(0, end);
  buffer_.erase(0, end + 4);
  std::size_t line_end = head.find("\r\n");
  std::string status_line = head.substr(0, line_end);
  reply.status = std::stoi(status_line.substr(9, 3));
  std::size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
  while (pos < head.size()) {
    std::size_t next = head.find("\r\n", pos);
    if (next == std::string::npos) next = head.size();
    std::string line = head.substr(pos, next - pos);
    auto colon = line.find(':');
    if (colon != std::string::npos) {
      std::string value = line.substr(colon + 1);
      value.erase(0, value.find_first_not_of(' '));
      reply.headers.emplace_back(line.substr(0, colon), value);
    }
    pos = next + 2;
  }
  if (head_request || reply.status == 304 || reply.status == 204 || reply.status / 100 == 1) return reply;
  if (reply.has_header("Content-Length")) {
    std::size_t length = std::stoul(reply.header("Content-Length"));
    while (buffer_.size() < length)
      if (!fill()) break;
    reply.body = buffer_.substr(0, std::min(length, buffer_.size()));
    buffer_.erase(0, reply.body.size());
  } else if (iequal(reply.header("Transfer-Encoding"), "chunked")) {
    for (;;) {
      std::size_t eol;
      while ((eol = buffer_.find("\r\n")) == std::string::npos)
        if (!fill()) return reply;
      std::size_t size = std::stoul(buffer_.substr(0, eol), nullptr, 16);
      while (buffer_.size() < eol + 2 + size + 2)
        if (!fill()) return reply;
      reply.body += buffer_.substr(eol + 2, size);
      buffer_.erase(0, eol + 2 + size + 2);
      if (size == 0) break;
    }
  } else {
    while (fill()) {
    }
    reply.body = buffer_;
    buffer_.clear();
  }
  return reply;
}

HttpReply HttpConnection::request(const std::string& method, const std::string& target,
                                  const std::vector<std::pair<std::string, std::string>>& headers,
                                  const std::string& body) {
  std::string text = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (const auto& [k, v] : headers) text += k + ": " + v + "\r\n";
  if (!body.empty()) text += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  text += "\r\n" + body;
  send_raw(text);
  auto reply = read_reply(method == "HEAD");
  if (!reply) throw std::runtime_error("no reply to " + method + " " + target);
  return *reply;
}

HttpReply http_get(int port, const std::string& target,
                   const std::vector<std::pair<std::string, std::string>>& headers) {
  HttpConnection c("127.0.0.1", port);
  return c.request("GET", target, headers);
}

std::string set_cookie(const HttpReply& reply, const std::string& name) {
  for (const auto& [header, value] : reply.headers)
    if (strcasecmp(header.c_str(), "Set-Cookie") == 0 && value.rfind(name + "=", 0) == 0)
      return value.substr(name.size() + 1, value.find(';') - name.size() - 1);
  return "";
}

std::string csrf_in(const std::string& page) {
  std::smatch m;
  if (std::regex_search(page, m, std::regex("name=\"_csrf\" value=\"([0-9a-f]+)\""))) return m[1];
  return "";
}

}  // namespace barometer::testing
