// DigestStencil: compose_digest for many subscribers of one digest, with the shared parts rendered
// once (issue #4, send throughput). A digest's messages differ only in the recipient (To and the
// catalogue's "{email}"), the preferences and unsubscribe links, the Message-ID and the Date; the
// Mustache render and the catalogue/ICU formatting of everything else is the same for every
// subscriber who gets the same topics. A stencil renders that once with placeholder values, keeps
// the output split at the placeholders, and fill() splices each subscriber's values in (HTML-
// escaped exactly as Mustache's {{x}} does in the HTML part, as they are elsewhere).
//
// Contract: fill(in) == compose_digest(templates, catalogue, in) field for field, for every `in`
// whose shared fields equal the stencil's. create() proves it on two probe subscribers whose
// values contain every character Mustache escapes, and refuses (invalid) when they differ, e.g.
// a theme that prints a link with {{{ }}} or transforms it; callers then compose in full.
// Personal values that compose_digest would refuse are composed in full too, so the errors are
// compose_digest's own.
//
// A stencil also holds a mail::MimeStencil made from a probe subscriber's message, so mime() gives
// the MIME bytes of a filled message by splicing (mime_stencil.hpp) instead of GMime building all
// of it: mime(m) == build_mime(m with m.boundary = the stencil's boundary), for every m (a message
// that does not fit is built by build_mime). When GMime's bytes cannot be cut that way (a theme
// whose parts differ from the first line on, say), mime() is build_mime.
//
// DigestStencilCache: stencils keyed by the shared fields (one per topic selection), made on first
// use; compose() is the drop-in replacement for compose_digest. Thread-safe. A cache serves one
// (templates, catalogue) pair: the one its owner holds for its whole life.
#pragma once

#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <vector>

#include "domain/result.hpp"
#include "i18n/catalogue.hpp"
#include "mail/message.hpp"
#include "mail/mime_stencil.hpp"
#include "services/newsletter/compose.hpp"
#include "services/newsletter/mail_templates.hpp"

namespace barometer::newsletter {

class DigestStencil {
 public:
  // `shared`'s to, preferences_url, unsubscribe_url, message_key, message_id and date are ignored.
  static Result<DigestStencil> create(const MailTemplates& templates, const Catalogue& catalogue,
                                      const DigestInput& shared);

  // The message for `in` (its personal fields; the shared ones must be the stencil's). invalid
  // for personal values compose_digest refuses; callers wanting its exact error compose in full.
  Result<mail::OutgoingMessage> fill(const DigestInput& in) const;

  // The MIME bytes of `filled` (a message fill() made, possibly with more added to its
  // List-Unsubscribe): == mail::build_mime(filled) with filled.boundary = boundary().
  Result<std::string> mime(const mail::OutgoingMessage& filled) const;
  // The boundary of every multipart message mime() builds ("" when it is plain build_mime with
  // the message's own boundary).
  std::string boundary() const { return mime_ ? mime_->boundary() : std::string(); }
  // Whether mime(filled) splices (false: the theme's bytes could not be cut, or `filled` does
  // not fit the MIME stencil; mime() is build_mime then).
  bool splices(const mail::OutgoingMessage& filled) const { return mime_ && mime_->splices(filled); }

  // The part of DigestInput a stencil depends on, as one string (the cache key).
  static std::string shared_key(const DigestInput& in);

 private:
  enum class Slot { none, to, preferences, unsubscribe };
  // A rendered field cut at the placeholders: literal, then the slot that follows it.
  struct Piece {
    std::string literal;
    Slot slot = Slot::none;
  };
  using Pieces = std::vector<Piece>;

  static Pieces split(const std::string& rendered);
  static std::string join(const Pieces& pieces, const std::string* values, bool html);

  mail::OutgoingMessage base_;  // the placeholder message: from, Message-ID host, fixed headers
  std::string host_;            // for make_message_id when a row has no Message-ID
  std::string base_url_;        // for relative preferences links
  Pieces subject_, text_, html_;
  std::vector<Pieces> header_values_;  // parallel to base_.headers
  std::shared_ptr<const mail::MimeStencil> mime_;  // nullptr: mime() is build_mime
};

class DigestStencilCache {
 public:
  // compose_digest(templates, catalogue, in), from a stencil when one fits.
  Result<mail::OutgoingMessage> compose(const MailTemplates& templates, const Catalogue& catalogue,
                                        const DigestInput& in) const;
  // The stencil for `in`'s shared fields, made on first use; nullptr when none fits (compose in
  // full then).
  std::shared_ptr<const DigestStencil> stencil(const MailTemplates& templates, const Catalogue& catalogue,
                                               const DigestInput& in) const;
  // Stencils made so far (failed ones included); for tests.
  std::size_t size() const;

 private:
  mutable std::shared_mutex mutex_;
  // nullptr: no stencil fits this key (create() refused); compose in full.
  mutable std::map<std::string, std::shared_ptr<const DigestStencil>> stencils_;
};

}  // namespace barometer::newsletter
