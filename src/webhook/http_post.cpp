#include "webhook/http_post.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "webhook/address_guard.hpp"

namespace barometer::webhook {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr const char* kUserAgent = "barometer-webhooks/1";

IpAddress to_ip(const asio::ip::address& a) {
  IpAddress ip;
  if (a.is_v4()) {
    ip.v4 = true;
    auto b = a.to_v4().to_bytes();
    std::copy(b.begin(), b.end(), ip.bytes.begin());
  } else {
    auto b = a.to_v6().to_bytes();
    std::copy(b.begin(), b.end(), ip.bytes.begin());
  }
  return ip;
}

// Writes the request and reads the response on a connected (and, for https, handshaken) stream.
template <class Stream>
asio::awaitable<void> exchange(Stream& stream, const Url& url, const Headers& headers, const std::string& body,
                               const PostOptions& options, PostResult& out) {
  beast::error_code ec;
  http::request<http::string_body> request{http::verb::post, url.target, 11};
  request.set(http::field::host, host_header(url));
  request.set(http::field::user_agent, kUserAgent);
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  request.prepare_payload();
  co_await http::async_write(stream, request, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    out.error = "sending the request: " + ec.message();
    co_return;
  }
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(options.max_response_bytes);
  co_await http::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
  if (parser.is_header_done()) out.status = parser.get().result_int();
  out.body = parser.get().body();
  if (ec == http::error::body_limit) out.error = "";  // the status is what counts; the body was cut
  else if (ec) out.error = "reading the response: " + ec.message();
}

asio::awaitable<void> post(const Url& url, const Headers& headers, const std::string& body,
                           const PostOptions& options, Clock::time_point deadline, PostResult& out) {
  auto executor = co_await asio::this_coro::executor;
  beast::error_code ec;
  tcp::resolver resolver(executor);
  auto found = co_await resolver.async_resolve(url.host, std::to_string(url.port),
                                               asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    out.error = "resolving " + url.host + ": " + ec.message();
    co_return;
  }
  // The guard on every address; only those that pass are connected to.
  std::vector<tcp::endpoint> allowed;
  std::string refusals;
  for (const auto& entry : found) {
    const auto address = entry.endpoint().address();
    auto reason = options.allow_private ? std::string_view{} : refusal_reason(to_ip(address));
    if (reason.empty()) {
      allowed.push_back(entry.endpoint());
    } else if (refusals.find(address.to_string()) == std::string::npos) {
      refusals += (refusals.empty() ? "" : ", ") + address.to_string() + " (" + std::string(reason) + ")";
    }
  }
  if (allowed.empty()) {
    out.refused = true;
    out.error = "refused: " + url.host + " resolves to " + (refusals.empty() ? "nothing" : refusals) +
                "; webhooks go to public addresses only (webhooks_allow_private)";
    co_return;
  }
  beast::tcp_stream tcp_stream(executor);
  tcp_stream.expires_at(std::min(deadline, Clock::now() + options.connect_timeout));
  co_await tcp_stream.async_connect(allowed, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    out.error = "connecting to " + host_header(url) + ": " + ec.message();
    co_return;
  }
  tcp_stream.expires_at(deadline);
  if (!url.https) {
    co_await exchange(tcp_stream, url, headers, body, options, out);
    co_return;
  }
  ssl::context context(ssl::context::tls_client);
  context.set_default_verify_paths(ec);
  if (ec) {
    out.error = "TLS: no trust store: " + ec.message();
    co_return;
  }
  context.set_verify_mode(ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> tls(std::move(tcp_stream), context);
  if (!url.ipv6_literal && !parse_ip_literal(url.host)) SSL_set_tlsext_host_name(tls.native_handle(), url.host.c_str());
  tls.set_verify_callback(ssl::host_name_verification(url.host), ec);
  co_await tls.async_handshake(ssl::stream_base::client, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    out.error = "TLS with " + url.host + ": " + ec.message();
    co_return;
  }
  co_await exchange(tls, url, headers, body, options, out);
}

}  // namespace

PostResult http_post(const Url& url, const Headers& headers, const std::string& body, const PostOptions& options) {
  PostResult out;
  bool done = false;
  asio::io_context io;
  const auto deadline = Clock::now() + options.total_timeout;
  asio::co_spawn(io, post(url, headers, body, options, deadline, out), [&](std::exception_ptr e) {
    done = true;
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      out.error = std::string("webhook client: ") + ex.what();
    }
  });
  io.run_until(deadline);
  if (!done) {
    // The timers of the streams end connect/read/write by the deadline; a resolver still busy
    // is abandoned here (its thread finishes the lookup and the answer is dropped).
    io.stop();
    out.status.reset();
    out.error = "no complete answer within " + std::to_string(options.total_timeout.count()) + " ms";
  }
  return out;
}

}  // namespace barometer::webhook
