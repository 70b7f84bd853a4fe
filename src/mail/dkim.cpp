#include "mail/dkim.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <fstream>
#include <mutex>
#include <sstream>
#include <vector>

#include "mail/dkim_canon.hpp"

namespace barometer::mail {

namespace {

// Headers to sign, in h= order; absent ones are left out. From is oversigned (see dkim.hpp).
constexpr std::string_view kSignedHeaders[] = {"From", "To", "Subject", "Date", "Message-ID", "List-Id",
                                               "List-Unsubscribe", "List-Unsubscribe-Post", "MIME-Version",
                                               "Content-Type", "Content-Transfer-Encoding"};
constexpr std::string_view kOversigned = "From";
constexpr std::size_t kFoldAt = 78;  // RFC 5322's recommended line length
constexpr std::size_t kSha256Size = 32;
constexpr int kMinRsaBits = 1024;  // RFC 8301: verifiers must not accept smaller keys

struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
struct MdFree {
  void operator()(EVP_MD* m) const { EVP_MD_free(m); }
};
struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

// The first OpenSSL error of this thread, and the queue emptied (it is per thread; a stale entry
// would be blamed on the next failure).
std::string openssl_error() {
  char text[256] = "no detail";
  if (unsigned long e = ERR_get_error(); e != 0) ERR_error_string_n(e, text, sizeof text);
  ERR_clear_error();
  return text;
}

bool is_dns_name(std::string_view s) {
  if (s.empty() || s.size() > 253 || s.front() == '.' || s.back() == '.' || s.front() == '-') return false;
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '.' || c == '_'; });
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

// A key file must never prompt on the terminal for a pass phrase: encrypted keys are refused.
int no_pass_phrase(char*, int, int, void*) { return -1; }

Result<PkeyPtr> read_private_key(std::string_view pem, const char* what) {
  if (pem.find("-----BEGIN") == std::string_view::npos || pem.find("PRIVATE KEY-----") == std::string_view::npos)
    return invalid(std::string("dkim: the ") + what + " key is not a PEM private key");
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return unavailable("dkim: out of memory");
  PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, no_pass_phrase, nullptr));
  if (!key) return invalid(std::string("dkim: the ") + what + " key cannot be read: " + openssl_error());
  return key;
}

std::string base64(const unsigned char* data, std::size_t size) {
  std::string out(4 * ((size + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(size));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

// Writes the DKIM-Signature field tag by tag, folding with CRLF HTAB so no line passes kFoldAt.
class Folder {
 public:
  explicit Folder(std::string& out) : out_(out) {
    out_ += "DKIM-Signature:";
    column_ = out_.size();
  }
  // " tag=value;" as one piece, on a new line when it does not fit.
  void tag(std::string_view name, std::string_view value) {
    const std::size_t size = 1 + name.size() + 1 + value.size() + 1;
    if (column_ + size > kFoldAt) fold();
    out_ += ' ';
    out_ += name;
    out_ += '=';
    out_ += value;
    out_ += ';';
    column_ += size;
  }
  // " h=A:B:C;" folded before a name where needed (FWS is allowed around the colons).
  void names(const std::vector<std::string_view>& names) {
    start("h", 4);
    for (std::size_t i = 0; i < names.size(); ++i) {
      const std::size_t size = names[i].size() + 1;  // with the ':' or ';' after it
      if (column_ + size > kFoldAt) fold();
      out_ += names[i];
      out_ += i + 1 < names.size() ? ':' : ';';
      column_ += size;
    }
  }
  // " bh=...;" with the base64 value broken wherever the line is full (FWS is allowed anywhere
  // in a base64 string, and verifiers drop it).
  void base64_tag(std::string_view name, std::string_view value, bool last) {
    start(name, name.size() + 5);
    text(value);
    if (!last) {
      out_ += ';';
      ++column_;
    }
  }
  // " b=": the signed form ends here, the value comes after signing (text()).
  void start(std::string_view name, std::size_t room) {
    if (column_ + 1 + room > kFoldAt) fold();
    out_ += ' ';
    out_ += name;
    out_ += '=';
    column_ += name.size() + 2;
  }
  void text(std::string_view value) {
    while (!value.empty()) {
      if (column_ + 1 > kFoldAt - 1) fold();
      const std::size_t n = std::min(value.size(), kFoldAt - 1 - column_);
      out_ += value.substr(0, n);
      column_ += n;
      value.remove_prefix(n);
    }
  }

 private:
  void fold() {
    out_ += "\r\n\t";
    column_ = 1;
  }
  std::string& out_;
  std::size_t column_ = 0;
};

}  // namespace

struct DkimSigner::Impl {
  // One key and its pool of ready signing contexts. RSA: an EVP_PKEY_CTX set up once for
  // EVP_PKEY_sign (PKCS#1 v1.5 over a SHA-256 DigestInfo); Ed25519: an EVP_MD_CTX set up for the
  // one-shot EVP_DigestSign (PureEdDSA, which signs the 32-byte SHA-256 hash: RFC 8463 section 3).
  struct Key {
    std::string selector;
    bool ed25519 = false;
    PkeyPtr pkey;
    mutable std::mutex mutex;  // guards rsa_idle and ed_idle
    mutable std::vector<PkeyCtxPtr> rsa_idle;
    mutable std::vector<MdCtxPtr> ed_idle;

    std::string_view algorithm() const { return ed25519 ? "ed25519-sha256" : "rsa-sha256"; }
    Result<std::string> sign(const unsigned char* hash) const;
  };

  std::string domain;
  EVP_MD* sha256 = nullptr;  // fetched once: a fetch per hash would take OpenSSL's store lock
  std::vector<std::unique_ptr<Key>> keys;

  ~Impl() { EVP_MD_free(sha256); }
  bool hash(std::string_view data, unsigned char* out) const {
    unsigned int n = 0;
    return EVP_Digest(data.data(), data.size(), out, &n, sha256, nullptr) == 1 && n == kSha256Size;
  }
};

Result<std::string> DkimSigner::Impl::Key::sign(const unsigned char* hash) const {
  std::string signature;
  if (ed25519) {
    MdCtxPtr ctx;
    {
      std::lock_guard lock(mutex);
      if (!ed_idle.empty()) {
        ctx = std::move(ed_idle.back());
        ed_idle.pop_back();
      }
    }
    if (!ctx) {
      ctx.reset(EVP_MD_CTX_new());
      if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) != 1)
        return invalid("dkim: cannot set up Ed25519 signing: " + openssl_error());
    }
    std::size_t size = 64;
    signature.resize(size);
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &size, hash, kSha256Size) != 1)
      return invalid("dkim: Ed25519 signing failed: " + openssl_error());
    signature.resize(size);
    std::lock_guard lock(mutex);
    ed_idle.push_back(std::move(ctx));
  } else {
    PkeyCtxPtr ctx;
    {
      std::lock_guard lock(mutex);
      if (!rsa_idle.empty()) {
        ctx = std::move(rsa_idle.back());
        rsa_idle.pop_back();
      }
    }
    if (!ctx) {
      ctx.reset(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr));
      if (!ctx || EVP_PKEY_sign_init(ctx.get()) != 1 || EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) != 1 ||
          EVP_PKEY_CTX_set_signature_md(ctx.get(), EVP_sha256()) != 1)
        return invalid("dkim: cannot set up RSA signing: " + openssl_error());
    }
    std::size_t size = static_cast<std::size_t>(EVP_PKEY_get_size(pkey.get()));
    signature.resize(size);
    if (EVP_PKEY_sign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &size, hash, kSha256Size) != 1)
      return invalid("dkim: RSA signing failed: " + openssl_error());
    signature.resize(size);
    std::lock_guard lock(mutex);
    rsa_idle.push_back(std::move(ctx));
  }
  return base64(reinterpret_cast<const unsigned char*>(signature.data()), signature.size());
}

Result<DkimSigner> DkimSigner::from_key_file(std::string domain, std::string selector, const std::string& key_path,
                                             std::string ed25519_selector, const std::string& ed25519_key_path) {
  auto read = [](const std::string& path) -> Result<std::string> {
    std::ifstream in(path, std::ios::binary);
    if (!in) return invalid(path + ": cannot read");
    std::ostringstream pem;
    pem << in.rdbuf();
    return pem.str();
  };
  auto rsa = read(key_path);
  if (!rsa) return rsa.error();
  DkimOptions o{std::move(domain), std::move(selector), std::move(*rsa), std::move(ed25519_selector), ""};
  if (!ed25519_key_path.empty()) {
    auto ed = read(ed25519_key_path);
    if (!ed) return ed.error();
    o.ed25519_private_key_pem = std::move(*ed);
  }
  auto signer = create(std::move(o));
  if (!signer) return invalid(signer.error().message + " (" + key_path + ")");
  return signer;
}

Result<DkimSigner> DkimSigner::create(DkimOptions options) {
  if (!is_dns_name(options.domain)) return invalid("dkim: domain '" + options.domain + "' is not a domain name");
  auto is_label = [](const std::string& s) { return is_dns_name(s) && s.find('.') == std::string::npos; };
  if (!is_label(options.selector)) return invalid("dkim: selector '" + options.selector + "' is not a DNS label");
  auto impl = std::make_shared<Impl>();
  impl->domain = options.domain;
  impl->sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  if (!impl->sha256) return unavailable("dkim: OpenSSL has no SHA-256: " + openssl_error());

  auto rsa = read_private_key(options.private_key_pem, "RSA");
  if (!rsa) return rsa.error();
  if (!EVP_PKEY_is_a(rsa->get(), "RSA")) return invalid("dkim: the RSA key is not an RSA key");
  if (EVP_PKEY_get_bits(rsa->get()) < kMinRsaBits) return invalid("dkim: the RSA key has fewer than 1024 bits");
  auto key = std::make_unique<Impl::Key>();
  key->selector = options.selector;
  key->pkey = std::move(*rsa);
  impl->keys.push_back(std::move(key));

  if (!options.ed25519_private_key_pem.empty()) {
    if (options.ed25519_selector.empty()) options.ed25519_selector = options.selector + "-ed25519";
    if (!is_label(options.ed25519_selector) || options.ed25519_selector == options.selector)
      return invalid("dkim: the Ed25519 selector '" + options.ed25519_selector +
                     "' is not a DNS label of its own (one selector holds one key)");
    auto ed = read_private_key(options.ed25519_private_key_pem, "Ed25519");
    if (!ed) return ed.error();
    if (!EVP_PKEY_is_a(ed->get(), "ED25519")) return invalid("dkim: the Ed25519 key is not an Ed25519 key");
    auto k = std::make_unique<Impl::Key>();
    k->selector = options.ed25519_selector;
    k->ed25519 = true;
    k->pkey = std::move(*ed);
    impl->keys.push_back(std::move(k));
  }
  return DkimSigner(std::move(impl));
}

Result<std::string> DkimSigner::signature_header(std::string_view message) const {
  auto split = dkim::split_message(message);
  if (!split) return split.error();

  // The body hash, shared by every signature (all are relaxed, all SHA-256).
  auto body = dkim::relaxed_body(split->body);
  if (!body) return body.error();
  unsigned char body_hash[kSha256Size];
  if (!impl_->hash(*body, body_hash)) return invalid("dkim: hashing failed: " + openssl_error());
  const std::string bh = base64(body_hash, kSha256Size);

  // The signed fields, each name bottom-up through its instances (RFC 6376 section 5.4.2), and
  // their canonical form, the start of what every signature hashes.
  std::vector<std::string_view> h;
  std::string signed_fields;
  signed_fields.reserve(1024);
  for (std::string_view name : kSignedHeaders) {
    bool any = false;
    for (auto it = split->fields.rbegin(); it != split->fields.rend(); ++it) {
      if (!iequals(it->name, name)) continue;
      h.push_back(name);
      dkim::append_relaxed_header(it->raw, signed_fields);
      signed_fields += "\r\n";
      any = true;
    }
    // An extra, absent instance hashes as nothing: a From added later then breaks the signature.
    if (any && name == kOversigned) h.push_back(name);
  }

  const std::string timestamp = std::to_string(static_cast<long long>(std::time(nullptr)));
  std::string out;
  for (const auto& key : impl_->keys) {
    std::string field;
    Folder fold(field);
    fold.tag("v", "1");
    fold.tag("a", key->algorithm());
    fold.tag("c", "relaxed/relaxed");
    fold.tag("d", impl_->domain);
    fold.tag("s", key->selector);
    fold.tag("t", timestamp);
    fold.names(h);
    fold.base64_tag("bh", bh, false);
    fold.start("b", 8);
    // What is signed: the fields, then this field with b= empty, relaxed, without its CRLF.
    std::string data = signed_fields;
    dkim::append_relaxed_header(field, data);
    unsigned char hash[kSha256Size];
    if (!impl_->hash(data, hash)) return invalid("dkim: hashing failed: " + openssl_error());
    auto b = key->sign(hash);
    if (!b) return b.error();
    fold.text(*b);
    field += "\r\n";
    out += field;
  }
  return out;
}

Result<std::string> DkimSigner::sign(std::string_view message) const {
  auto header = signature_header(message);
  if (!header) return header.error();
  std::string out;
  out.reserve(header->size() + message.size());
  out += *header;
  out += message;
  return out;
}

}  // namespace barometer::mail
