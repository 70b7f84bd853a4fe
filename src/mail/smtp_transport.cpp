#include "mail/smtp_transport.hpp"

#include <curl/curl.h>

#include <cctype>
#include <cstring>
#include <vector>
#include <mutex>

namespace barometer::mail {

namespace {

void ensure_curl_initialised() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct EasyCleanup {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct ListFree {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

// The message being uploaded and whether libcurl has taken all of it.
struct Upload {
  const std::string* data = nullptr;
  std::size_t offset = 0;
  bool handed_over = false;  // the read callback returned end-of-data
};

std::size_t read_message(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* up = static_cast<Upload*>(user);
  const std::size_t room = size * count;
  const std::size_t left = up->data->size() - up->offset;
  const std::size_t n = left < room ? left : room;
  std::memcpy(buffer, up->data->data() + up->offset, n);
  up->offset += n;
  // libcurl stops calling once it has INFILESIZE bytes, so "all taken" is the signal, not EOF.
  if (up->offset == up->data->size()) up->handed_over = true;
  return n;
}

// Collects the lines the server sent during one send(), for the outcome and SendResult::detail.
int record_reply(CURL*, curl_infotype type, char* data, std::size_t size, void* user) {
  if (type != CURLINFO_HEADER_IN) return 0;
  std::string line(data, size);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  static_cast<std::vector<std::string>*>(user)->push_back(std::move(line));
  return 0;
}

int reply_code(const std::string& line) {
  if (line.size() < 3 || !std::isdigit(static_cast<unsigned char>(line[0])) ||
      !std::isdigit(static_cast<unsigned char>(line[1])) || !std::isdigit(static_cast<unsigned char>(line[2])))
    return 0;
  return std::stoi(line.substr(0, 3));
}

// The reply that made the transaction fail: the last 4xx/5xx line. libcurl's
// CURLINFO_RESPONSE_CODE is not enough on its own: it stays 0 after a refused AUTH, and the
// reply to the QUIT libcurl sends when it gives up a connection ("221 Bye") comes last.
const std::string* failing_reply(const std::vector<std::string>& replies) {
  for (auto it = replies.rbegin(); it != replies.rend(); ++it) {
    const int code = reply_code(*it);
    if (code >= 400 && code < 600) return &*it;
  }
  return nullptr;
}

bool has_line_break(const std::string& s) { return s.find_first_of("\r\n") != std::string::npos; }

}  // namespace

struct SmtpTransport::Impl {
  SmtpOptions options;
  std::unique_ptr<CURL, EasyCleanup> curl;
  std::string url;
  std::vector<std::string> replies;  // this send()'s server lines, in order
  char error[CURL_ERROR_SIZE] = {};
};

SmtpTransport::SmtpTransport(SmtpOptions options) : impl_(std::make_unique<Impl>()) {
  ensure_curl_initialised();
  impl_->options = std::move(options);
  const SmtpUrl& r = impl_->options.relay;
  const std::string host = r.host.find(':') != std::string::npos ? "[" + r.host + "]" : r.host;
  // libcurl takes the EHLO name from the URL's path.
  impl_->url = std::string(r.implicit_tls ? "smtps://" : "smtp://") + host + ":" + std::to_string(r.port) + "/" +
               impl_->options.helo_name;
}

SmtpTransport::~SmtpTransport() = default;

SendResult SmtpTransport::send(const Envelope& envelope, const std::string& message) {
  if (envelope.recipients.empty()) return {Outcome::permanent, 0, "no recipients"};
  if (has_line_break(envelope.from)) return {Outcome::permanent, 0, "bad envelope sender"};
  for (const auto& r : envelope.recipients)
    if (has_line_break(r) || r.empty()) return {Outcome::permanent, 0, "bad envelope recipient"};

  Impl& s = *impl_;
  if (!s.curl) {
    s.curl.reset(curl_easy_init());
    if (!s.curl) return {Outcome::transient, 0, "libcurl could not create a handle"};
  }
  CURL* c = s.curl.get();
  const SmtpOptions& o = s.options;
  curl_easy_setopt(c, CURLOPT_URL, s.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(o.relay.implicit_tls || o.require_starttls ? CURLUSESSL_ALL : CURLUSESSL_TRY));
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, o.verify_tls_peer ? 1L : 0L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, o.verify_tls_peer ? 2L : 0L);
  if (!o.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, o.ca_file.c_str());
  if (!o.relay.user.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, o.relay.user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, o.relay.password.c_str());
  }
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, o.connect_timeout_ms);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, o.message_timeout_ms);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, s.error);
  curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);  // only so that the debug callback sees replies
  curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, record_reply);
  curl_easy_setopt(c, CURLOPT_DEBUGDATA, &s.replies);

  const std::string from = "<" + envelope.from + ">";
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
  std::unique_ptr<curl_slist, ListFree> rcpt;
  for (const auto& r : envelope.recipients) {
    // curl_slist_append returns the list's head, which stays the same after the first append.
    curl_slist* head = curl_slist_append(rcpt.get(), ("<" + r + ">").c_str());
    if (!head) return {Outcome::transient, 0, "out of memory"};
    if (!rcpt) rcpt.reset(head);
  }
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
  Upload upload{&message};
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, read_message);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));

  s.error[0] = '\0';
  s.replies.clear();
  const CURLcode rc = curl_easy_perform(c);
  long code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
  // The handle must not keep pointers into this call's locals.
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, nullptr);
  curl_easy_setopt(c, CURLOPT_READDATA, nullptr);

  const std::string local = s.error[0] ? std::string(s.error) : std::string(curl_easy_strerror(rc));
  const std::string last = s.replies.empty() ? std::string() : s.replies.back();
  if (rc == CURLE_OK) return {Outcome::accepted, static_cast<int>(code), last};
  const std::string* failed = failing_reply(s.replies);
  const int smtp = failed ? reply_code(*failed) : 0;
  if (rc == CURLE_LOGIN_DENIED)  // the relay's fault or ours, never the recipient's
    return {Outcome::transient, smtp, "authentication refused: " + (failed ? *failed : local)};
  if (smtp / 100 == 4) return {Outcome::transient, smtp, *failed};
  if (smtp / 100 == 5) return {Outcome::permanent, smtp, *failed};
  if (upload.handed_over) return {Outcome::uncertain, 0, "no reply after the end of DATA: " + local};
  return {Outcome::transient, 0, local};
}

}  // namespace barometer::mail
