#include "mail/smtp_connection.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>

#include <optional>
#include <vector>

namespace barometer::mail {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;
using boost::system::error_code;

struct SmtpConnection::Impl {
  asio::io_context io{1};
  tcp::socket socket{io};
  std::optional<ssl::context> tls_context;
  std::unique_ptr<ssl::stream<tcp::socket&>> tls;
  SmtpReplyReader input;   // bytes read and not yet returned by read_reply

  // Runs the io_context until `done` or the deadline; on the deadline the socket is closed, so
  // the pending operation completes (aborted) and nothing is left running.
  error_code run(bool& done, error_code& ec, Deadline deadline) {
    io.restart();
    while (!done) {
      if (io.run_one_until(deadline) == 0 && !done) {
        if (Clock::now() < deadline) continue;  // woken without work done: keep waiting
        error_code ignored;
        socket.close(ignored);
        io.restart();
        io.run();  // let the aborted operation finish
        return asio::error::timed_out;
      }
    }
    return ec;
  }

  // One asynchronous operation on the plain socket or the TLS stream, waited for.
  template <class Start>
  error_code wait(Deadline deadline, Start start) {
    bool done = false;
    error_code ec;
    start([&](error_code e, std::size_t = 0) {
      ec = e;
      done = true;
    });
    return run(done, ec, deadline);
  }

  Status failed(const char* what, error_code ec) {
    close();
    if (ec == asio::error::timed_out) return io_error(std::string(what) + ": timed out");
    return io_error(std::string(what) + ": " + ec.message());
  }

  void close() {
    error_code ignored;
    socket.close(ignored);
    tls.reset();
    input.clear();
  }
};

SmtpConnection::SmtpConnection() : impl_(std::make_unique<Impl>()) {}
SmtpConnection::~SmtpConnection() = default;

bool SmtpConnection::is_open() const { return impl_->socket.is_open(); }
bool SmtpConnection::is_tls() const { return impl_->tls != nullptr; }
bool SmtpConnection::has_buffered_input() const { return !impl_->input.empty(); }
void SmtpConnection::close() { impl_->close(); }

Status SmtpConnection::connect(const std::string& host, int port, Deadline deadline) {
  Impl& s = *impl_;
  s.close();
  tcp::resolver resolver(s.io);
  tcp::resolver::results_type endpoints;
  bool done = false;
  error_code ec;
  resolver.async_resolve(host, std::to_string(port), [&](error_code e, tcp::resolver::results_type r) {
    ec = e;
    endpoints = std::move(r);
    done = true;
  });
  s.io.restart();
  while (!done && s.io.run_one_until(deadline) > 0) {
  }
  if (!done) {
    resolver.cancel();
    s.io.restart();
    s.io.run();
    return io_error("resolving " + host + ": timed out");
  }
  if (ec) return io_error("resolving " + host + ": " + ec.message());
  ec = s.wait(deadline, [&](auto handler) {
    asio::async_connect(s.socket, endpoints, [handler](error_code e, const tcp::endpoint&) { handler(e); });
  });
  if (ec) return s.failed(("connecting to " + host + ":" + std::to_string(port)).c_str(), ec);
  s.socket.set_option(tcp::no_delay(true), ec);  // commands are small; never wait for Nagle
  return {};
}

Status SmtpConnection::start_tls(const TlsSettings& settings, Deadline deadline) {
  Impl& s = *impl_;
  // Bytes that came in the clear after the reply to STARTTLS would later read as if they had
  // come over TLS: a man in the middle could inject replies that way (RFC 3207 4.2, the
  // "STARTTLS command injection" family). Nothing may be buffered here.
  if (!s.input.empty()) {
    s.close();
    return io_error("TLS: the relay sent data after its reply to STARTTLS; refusing the connection");
  }
  if (!s.tls_context) {
    s.tls_context.emplace(ssl::context::tls_client);
    s.tls_context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                               ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    error_code ec;
    s.tls_context->set_default_verify_paths(ec);
    if (!settings.ca_file.empty()) {
      s.tls_context->load_verify_file(settings.ca_file, ec);
      if (ec) {
        s.tls_context.reset();  // a reconnect must meet the same error, not a context without the CA
        return io_error("TLS: cannot read the CA file " + settings.ca_file + ": " + ec.message());
      }
    }
  }
  s.tls = std::make_unique<ssl::stream<tcp::socket&>>(s.socket, *s.tls_context);
  error_code ec;
  if (settings.verify_peer) {
    s.tls->set_verify_mode(ssl::verify_peer, ec);
    s.tls->set_verify_callback(ssl::host_name_verification(settings.host), ec);
  } else {
    s.tls->set_verify_mode(ssl::verify_none, ec);
  }
  // SNI, for relays that serve several names; an IP literal is not a host name (RFC 6066 3).
  error_code not_ip;
  asio::ip::make_address(settings.host, not_ip);
  if (not_ip) SSL_set_tlsext_host_name(s.tls->native_handle(), settings.host.c_str());
  ec = s.wait(deadline, [&](auto handler) { s.tls->async_handshake(ssl::stream_base::client, handler); });
  if (ec) return s.failed("TLS handshake", ec);
  return {};
}

Status SmtpConnection::write(std::span<const std::string_view> parts, Deadline deadline) {
  Impl& s = *impl_;
  if (!s.socket.is_open()) return io_error("writing: not connected");
  std::vector<asio::const_buffer> buffers;
  buffers.reserve(parts.size());
  for (auto p : parts)
    if (!p.empty()) buffers.emplace_back(p.data(), p.size());
  error_code ec = s.wait(deadline, [&](auto handler) {
    if (s.tls) asio::async_write(*s.tls, buffers, handler);
    else asio::async_write(s.socket, buffers, handler);
  });
  if (ec) return s.failed("writing", ec);
  return {};
}

Result<SmtpReply> SmtpConnection::read_reply(Deadline deadline) {
  Impl& s = *impl_;
  if (!s.socket.is_open()) return io_error("reading: not connected");
  for (;;) {
    auto reply = s.input.next();
    if (!reply) {
      s.close();
      return reply.error();
    }
    if (*reply) return std::move(**reply);
    char buffer[8192];
    std::size_t n = 0;
    error_code ec = s.wait(deadline, [&](auto handler) {
      auto on_read = [handler, &n](error_code e, std::size_t got) {
        n = got;
        handler(e);
      };
      if (s.tls) s.tls->async_read_some(asio::buffer(buffer), on_read);
      else s.socket.async_read_some(asio::buffer(buffer), on_read);
    });
    if (ec) return s.failed("reading the reply", ec).error();
    s.input.append(std::string_view(buffer, n));
  }
}

}  // namespace barometer::mail
