// DkimSigner: DKIM-Signature fields (RFC 6376) for finished messages, made with OpenSSL directly
// (docs/decisions/0025-dkim-signer.md).
//
// rsa-sha256 with the RSA key, and, when an Ed25519 key is given too, a second signature
// ed25519-sha256 (RFC 8463) under its own selector: receivers that know Ed25519 check it, the
// others the RSA one. Both relaxed/relaxed, whole body (no l= tag: a length tag lets anyone append
// content). Signed headers when present: From, To, Subject, Date, Message-ID, List-Id,
// List-Unsubscribe, List-Unsubscribe-Post, MIME-Version, Content-Type, Content-Transfer-Encoding
// (RFC 8058 requires the unsubscribe headers to be covered); From is listed once more than it
// occurs ("oversigned"), so a second From added on the way breaks the signature instead of being
// shown to the reader.
//
// The keys are parsed once, in create(); a signature then costs its hashes and the private-key
// operation alone (libopendkim, used before, decoded the PEM for every signature, and OpenSSL 3.0's
// decoders take a process-wide lock).
//
// Thread-safety: one signer may be shared by any number of threads. The parsed keys are only read;
// each signature borrows an OpenSSL signing context from a small pool (made on first need, one per
// thread signing at the same time), so threads sign in parallel.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace barometer::mail {

struct DkimOptions {
  std::string domain;           // d= tag, e.g. "example.org" (the From domain, for DMARC alignment)
  std::string selector;         // s= of the RSA signature; the key is at <selector>._domainkey.<domain>
  std::string private_key_pem;  // RSA private key (>= 1024 bits), PEM: PKCS#1 or PKCS#8
  // s= of the Ed25519 signature (its own DNS record: one selector holds one key). Used only with
  // ed25519_private_key_pem. Default "" = selector + "-ed25519".
  std::string ed25519_selector;
  // Ed25519 private key, PEM (PKCS#8, as `openssl genpkey -algorithm ed25519` writes it);
  // "" = RSA only. Default "".
  std::string ed25519_private_key_pem;
};

class DkimSigner {
 public:
  // invalid when the domain/selector is empty or not DNS-label-like, a key is not a PEM private key
  // of its type (RSA below 1024 bits included: RFC 8301 has verifiers refuse those).
  static Result<DkimSigner> create(DkimOptions options);
  // create() with the keys read from PEM files (the dkim_key and dkim_ed25519_key settings;
  // `ed25519_key_path` "" = RSA only). invalid, naming the file, when one cannot be read.
  static Result<DkimSigner> from_key_file(std::string domain, std::string selector, const std::string& key_path,
                                          std::string ed25519_selector = "", const std::string& ed25519_key_path = "");

  // The "DKIM-Signature: ..." field(s) (folded at 78 columns, each CRLF-terminated; the RSA one
  // first) to put in front of `message` (CRLF line ends, as build_mime gives). invalid when the
  // message has no header/body separator, a header line has no colon, or a bare CR or LF occurs.
  Result<std::string> signature_header(std::string_view message) const;
  // signature_header(message) + message.
  Result<std::string> sign(std::string_view message) const;

  struct Impl;

 private:
  explicit DkimSigner(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace barometer::mail
