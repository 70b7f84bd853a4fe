#include "mail/dkim.hpp"

// dkim.h is C and spells bool as C99's _Bool, which C++ does not have.
#define _Bool bool
#include <opendkim/dkim.h>
#undef _Bool

#include <algorithm>
#include <cctype>
#include <fstream>
#include <mutex>
#include <sstream>
#include <vector>

namespace barometer::mail {

namespace {

// Headers to sign, in the order they appear in h=; absent ones are skipped by libopendkim.
const char* kSignedHeaders[] = {"From", "To", "Subject", "Date", "Message-ID", "List-Id", "List-Unsubscribe",
                                "List-Unsubscribe-Post", "MIME-Version", "Content-Type",
                                "Content-Transfer-Encoding", nullptr};

constexpr std::string_view kHeaderName = "DKIM-Signature: ";

struct LibClose {
  void operator()(DKIM_LIB* lib) const { dkim_close(lib); }
};
struct HandleFree {
  void operator()(DKIM* d) const { dkim_free(d); }
};

bool is_dns_name(std::string_view s) {
  if (s.empty() || s.size() > 253 || s.front() == '.' || s.back() == '.' || s.front() == '-') return false;
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '.' || c == '_'; });
}

// The header fields of `message` (each with its folded continuation lines, without the final
// CRLF) and the offset where the body starts.
struct Split {
  std::vector<std::string> fields;
  std::size_t body = 0;
};

Result<Split> split_headers(const std::string& message) {
  Split out;
  std::size_t pos = 0;
  while (true) {
    const std::size_t eol = message.find("\r\n", pos);
    if (eol == std::string::npos) return invalid("message has no blank line between headers and body");
    if (eol == pos) {  // the blank line
      out.body = eol + 2;
      return out;
    }
    const char first = message[pos];
    if (first == ' ' || first == '\t') {
      if (out.fields.empty()) return invalid("message starts with a continuation line");
      out.fields.back() += "\r\n" + message.substr(pos, eol - pos);
    } else {
      out.fields.push_back(message.substr(pos, eol - pos));
    }
    pos = eol + 2;
  }
}

}  // namespace

struct DkimSigner::Impl {
  using Lib = std::unique_ptr<DKIM_LIB, LibClose>;
  DkimOptions options;
  std::mutex mutex;        // guards `idle`
  std::vector<Lib> idle;   // libraries no thread is signing with

  // A library for one signature, given back when it is done: each signing thread has its own
  // (made on first need), so signatures are made in parallel and no library state is shared.
  struct Lease {
    Impl& owner;
    Lib lib;
    ~Lease() {
      if (!lib) return;
      std::lock_guard lock(owner.mutex);
      owner.idle.push_back(std::move(lib));
    }
  };
  Lease lease() {
    {
      std::lock_guard lock(mutex);
      if (!idle.empty()) {
        Lib lib = std::move(idle.back());
        idle.pop_back();
        return {*this, std::move(lib)};
      }
    }
    return {*this, Lib(dkim_init(nullptr, nullptr))};
  }
};

Result<DkimSigner> DkimSigner::from_key_file(std::string domain, std::string selector, const std::string& key_path) {
  std::ifstream in(key_path, std::ios::binary);
  if (!in) return invalid(key_path + ": cannot read");
  std::ostringstream pem;
  pem << in.rdbuf();
  return create({std::move(domain), std::move(selector), pem.str()});
}

Result<DkimSigner> DkimSigner::create(DkimOptions options) {
  if (!is_dns_name(options.domain)) return invalid("dkim: domain '" + options.domain + "' is not a domain name");
  if (!is_dns_name(options.selector) || options.selector.find('.') != std::string::npos)
    return invalid("dkim: selector '" + options.selector + "' is not a DNS label");
  if (options.private_key_pem.find("-----BEGIN") == std::string::npos ||
      options.private_key_pem.find("PRIVATE KEY-----") == std::string::npos)
    return invalid("dkim: the private key is not a PEM private key");
  auto impl = std::make_shared<Impl>();
  impl->options = std::move(options);
  Impl::Lib lib(dkim_init(nullptr, nullptr));
  if (!lib) return unavailable("dkim: libopendkim failed to initialise");
  impl->idle.push_back(std::move(lib));
  return DkimSigner(std::move(impl));
}

Result<std::string> DkimSigner::signature_header(const std::string& message) const {
  auto split = split_headers(message);
  if (!split) return split.error();

  Impl::Lease lib = impl_->lease();
  if (!lib.lib) return unavailable("dkim: libopendkim failed to initialise");
  const auto& o = impl_->options;
  DKIM_STAT status = DKIM_STAT_OK;
  std::unique_ptr<DKIM, HandleFree> dkim(dkim_sign(
      lib.lib.get(), reinterpret_cast<const unsigned char*>("barometer"), nullptr,
      reinterpret_cast<dkim_sigkey_t>(const_cast<char*>(o.private_key_pem.c_str())),
      reinterpret_cast<const unsigned char*>(o.selector.c_str()), reinterpret_cast<const unsigned char*>(o.domain.c_str()),
      DKIM_CANON_RELAXED, DKIM_CANON_RELAXED, DKIM_SIGN_RSASHA256, -1, &status));
  if (!dkim || status != DKIM_STAT_OK)
    return invalid(std::string("dkim: cannot start signing: ") + dkim_getresultstr(status));

  auto fail = [&](const char* step, DKIM_STAT st) -> Error {
    const char* detail = dkim_geterror(dkim.get());
    return invalid(std::string("dkim: ") + step + " failed: " + dkim_getresultstr(st) +
                   (detail ? std::string(" (") + detail + ")" : std::string()));
  };
  if (DKIM_STAT st = dkim_signhdrs(dkim.get(), const_cast<const char**>(kSignedHeaders)); st != DKIM_STAT_OK)
    return fail("choosing headers", st);
  for (auto& field : split->fields) {
    if (DKIM_STAT st = dkim_header(dkim.get(), reinterpret_cast<unsigned char*>(field.data()), field.size());
        st != DKIM_STAT_OK)
      return fail("header", st);
  }
  if (DKIM_STAT st = dkim_eoh(dkim.get()); st != DKIM_STAT_OK) return fail("end of headers", st);
  std::string body = message.substr(split->body);
  if (!body.empty()) {
    if (DKIM_STAT st = dkim_body(dkim.get(), reinterpret_cast<unsigned char*>(body.data()), body.size());
        st != DKIM_STAT_OK)
      return fail("body", st);
  }
  if (DKIM_STAT st = dkim_eom(dkim.get(), nullptr); st != DKIM_STAT_OK) return fail("signing", st);

  unsigned char* value = nullptr;
  std::size_t length = 0;
  if (DKIM_STAT st = dkim_getsighdr_d(dkim.get(), kHeaderName.size(), &value, &length); st != DKIM_STAT_OK)
    return fail("writing the signature", st);
  // libopendkim folds with bare "\n\t"; SMTP needs CRLF.
  std::string header(kHeaderName);
  for (std::size_t i = 0; i < length; ++i) {
    if (value[i] == '\n' && (i == 0 || value[i - 1] != '\r')) header += '\r';
    header += static_cast<char>(value[i]);
  }
  header += "\r\n";
  return header;
}

Result<std::string> DkimSigner::sign(const std::string& message) const {
  auto header = signature_header(message);
  if (!header) return header.error();
  return *header + message;
}

}  // namespace barometer::mail
