// DkimSigner: DKIM-Signature (RFC 6376) for finished messages, with libopendkim.
//
// rsa-sha256, relaxed/relaxed canonicalisation. Signs these headers when present: From, To,
// Subject, Date, Message-ID, List-Id, List-Unsubscribe, List-Unsubscribe-Post, MIME-Version,
// Content-Type, Content-Transfer-Encoding (RFC 8058 requires the unsubscribe headers to be
// covered). The body is signed whole (no l= tag).
//
// Thread-safety: one signer may be shared; threads sign in parallel, each with a libopendkim
// library of its own (taken from a small pool, made on first need), since an RSA-2048 signature
// per message is most of a signed digest's cost. The private key is kept in memory for the
// signer's life.
#pragma once

#include <memory>
#include <string>

#include "domain/result.hpp"

namespace barometer::mail {

struct DkimOptions {
  std::string domain;           // d= tag, e.g. "example.org" (the From domain, for DMARC alignment)
  std::string selector;         // s= tag; the public key is at <selector>._domainkey.<domain> TXT
  std::string private_key_pem;  // RSA private key, PEM ("-----BEGIN ... PRIVATE KEY-----")
};

class DkimSigner {
 public:
  // invalid when the domain/selector is empty or not DNS-label-like, or the key is not PEM;
  // unavailable when libopendkim cannot be initialised.
  static Result<DkimSigner> create(DkimOptions options);
  // create() with the private key read from the PEM file at `key_path` (the dkim_key setting).
  // invalid, naming the file, when it cannot be read.
  static Result<DkimSigner> from_key_file(std::string domain, std::string selector, const std::string& key_path);

  // The "DKIM-Signature: ..." header field (folded, CRLF-terminated) to put in front of
  // `message` (CRLF line ends, as build_mime gives). invalid when the message has no header/body
  // separator or the key cannot sign (the libopendkim message is included).
  Result<std::string> signature_header(const std::string& message) const;
  // signature_header(message) + message.
  Result<std::string> sign(const std::string& message) const;

  struct Impl;

 private:
  explicit DkimSigner(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<Impl> impl_;
};

}  // namespace barometer::mail
