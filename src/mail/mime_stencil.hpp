// MimeStencil: build_mime for many messages that differ only in their recipient and a few other
// personal values (issue #4, send throughput), without GMime building each whole message again.
//
// create() has GMime build one sample message (build_mime, with a boundary it then keeps) and cuts
// its bytes into literal pieces and personal ones: the To, Date and Message-Id fields, the header
// fields named personal (List-Unsubscribe), and the end of each text part from a point where
// GMime's encoder starts afresh (after a line break for quoted-printable and 7-bit text, after a
// multiple of 57 input bytes for base64: a whole 76-character line) up to the part's end. build()
// copies the literal pieces and has GMime make only the personal ones: the header fields through
// header_fields() (message.hpp, the code build_mime uses) and the part ends through GMime's own
// encoder and newline filters, after GMime's best-encoding filter, resumed from the shared prefix's
// state, confirmed the part keeps the sample's transfer encoding.
//
// Contract: build(m) == build_mime(m with boundary = boundary()) byte for byte, errors included,
// for every m. It splices only when m fits (splices(m)): same From, Subject, header names and
// shared header values as the sample, text and html starting with the sample's shared prefixes
// and going on past them, each part keeping its transfer encoding, and the boundary nowhere in the
// new bytes; any other m is built by build_mime. create() proves the cut on the sample and refuses
// (invalid) when the pieces do not give back GMime's bytes.
//
// Thread-safe: build() only reads the stencil.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "domain/result.hpp"
#include "mail/message.hpp"

namespace barometer::mail {

class MimeStencil {
 public:
  // `sample`: a message as the stencil's messages will be. `text_shared` / `html_shared`: how many
  // leading bytes of sample.text / sample.html every message shares (the rest may differ).
  // `personal_headers`: names of sample.headers whose values differ per message (each once).
  // invalid when build_mime refuses the sample or the cut does not reproduce GMime's bytes.
  static Result<MimeStencil> create(const OutgoingMessage& sample, std::size_t text_shared, std::size_t html_shared,
                                    const std::vector<std::string>& personal_headers);

  // == build_mime(m) with m.boundary = boundary() (m.boundary must be "" or boundary() to splice).
  Result<std::string> build(const OutgoingMessage& m) const;

  // Whether build(m) may splice (it still falls back when a part would change its encoding or the
  // new bytes hold the boundary). For tests and diagnostics.
  bool splices(const OutgoingMessage& m) const;

  // The multipart boundary of every message built ("" for text-only samples).
  const std::string& boundary() const { return boundary_; }

 private:
  // GMime's best-encoding filter's counters after a part's shared prefix (GMimeFilterBest fields).
  struct BestState {
    unsigned int count0 = 0, count8 = 0, total = 0, maxline = 0, linelen = 0;
    unsigned char frombuf[6] = {};
    unsigned int fromlen = 0;
    bool hadfrom = false, startline = true, midline = false;
  };
  struct Part {
    std::size_t cut = 0;       // content bytes up to here are shared and encoded in the literals
    std::string prefix;        // sample content[0, cut)
    int encoding = 0;          // GMimeContentEncoding the sample's part got
    bool ensure_newline = false;  // the newline filter's flag GMime used for this part
    BestState best;
  };
  // Literal bytes, then the personal piece that follows them.
  enum Piece : int { kNone = -1, kText = -2, kHtml = -3 };  // >= 0: index into header_names_
  struct Segment {
    std::string literal;
    int piece = kNone;
  };

  std::string encode_part(const Part& part, std::string_view tail) const;
  bool keeps_encoding(const Part& part, std::string_view tail) const;

  OutgoingMessage sample_;  // its shared fields; text/html only up to the parts' cuts
  std::vector<std::string> header_names_;  // To, Date, Message-Id, then the personal headers
  std::vector<bool> personal_;             // parallel to sample_.headers
  Part text_, html_;
  std::string boundary_;
  std::vector<Segment> segments_;
  std::size_t literal_size_ = 0;
};

}  // namespace barometer::mail
