#include "mail/mime_stencil.hpp"

#include <gmime/gmime.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <utility>

#include "mail/gobject_ptr.hpp"

namespace barometer::mail {

namespace {

// build_mime's output format, made once (read-only afterwards, so shared by every thread).
GMimeFormatOptions* dos_options() {
  static GMimeFormatOptions* options = [] {
    ensure_gmime_initialised();
    GMimeFormatOptions* o = g_mime_format_options_new();
    g_mime_format_options_set_newline_format(o, GMIME_NEWLINE_FORMAT_DOS);
    return o;
  }();
  return options;
}

OutgoingMessage with_boundary(const OutgoingMessage& m, const std::string& boundary) {
  OutgoingMessage out = m;
  if (out.boundary.empty()) out.boundary = boundary;
  return out;
}

bool iequal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return g_ascii_tolower(x) == g_ascii_tolower(y);
         });
}

// Header fields of a header block: [start, end) of each field with its folded continuation lines.
struct Field {
  std::string_view name;
  std::size_t start = 0, end = 0;
};
std::vector<Field> fields_of(std::string_view head) {
  std::vector<Field> out;
  std::size_t at = 0;
  while (at < head.size()) {
    std::size_t end = head.find("\r\n", at);
    if (end == std::string_view::npos) break;
    end += 2;
    if ((head[at] == ' ' || head[at] == '\t') && !out.empty()) {
      out.back().end = end;
    } else {
      std::size_t colon = head.find(':', at);
      out.push_back({head.substr(at, colon == std::string_view::npos || colon > end ? 0 : colon - at), at, end});
    }
    at = end;
  }
  return out;
}

}  // namespace

// Runs content through the filter chain GMime's part writer uses: the transfer encoder (for
// quoted-printable and base64), then the newline filter to CRLF.
std::string MimeStencil::encode_part(const Part& part, std::string_view tail) const {
  GPtr<GMimeStream> mem(g_mime_stream_mem_new());
  GPtr<GMimeStream> filtered(g_mime_stream_filter_new(mem.get()));
  const auto encoding = static_cast<GMimeContentEncoding>(part.encoding);
  if (encoding == GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE || encoding == GMIME_CONTENT_ENCODING_BASE64) {
    GPtr<GMimeFilter> encoder(g_mime_filter_basic_new(encoding, TRUE));
    g_mime_stream_filter_add(GMIME_STREAM_FILTER(filtered.get()), encoder.get());
  }
  GPtr<GMimeFilter> newline(g_mime_format_options_create_newline_filter(dos_options(), part.ensure_newline));
  g_mime_stream_filter_add(GMIME_STREAM_FILTER(filtered.get()), newline.get());
  g_mime_stream_write(filtered.get(), tail.data(), tail.size());
  g_mime_stream_flush(filtered.get());
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem.get()));
  return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

// GMime's best-encoding filter (what g_mime_part_get_best_content_encoding runs over the whole
// content in build_mime's text_part) resumed from the prefix's counters and fed the tail. Its
// counts do not depend on how the content is cut into chunks, except that GMime can miss a
// "From " line split across two of its 4 KiB chunks; this pass sees every line start whole (the
// cut is at one), so it may only see more of them, and then the encodings differ and build()
// falls back: a wrong splice cannot come of it.
bool MimeStencil::keeps_encoding(const Part& part, std::string_view tail) const {
  GPtr<GMimeFilter> filter(g_mime_filter_best_new(GMIME_FILTER_BEST_ENCODING));
  auto* best = GMIME_FILTER_BEST(filter.get());
  best->count0 = part.best.count0;
  best->count8 = part.best.count8;
  best->total = part.best.total;
  best->maxline = part.best.maxline;
  best->linelen = part.best.linelen;
  std::memcpy(best->frombuf, part.best.frombuf, sizeof best->frombuf);
  best->fromlen = part.best.fromlen;
  best->hadfrom = part.best.hadfrom;
  best->startline = part.best.startline;
  best->midline = part.best.midline;
  char* out = nullptr;
  std::size_t outlen = 0, outprespace = 0;
  g_mime_filter_complete(filter.get(), const_cast<char*>(tail.data()), tail.size(), 0, &out, &outlen, &outprespace);
  return g_mime_filter_best_encoding(best, GMIME_ENCODING_CONSTRAINT_7BIT) == part.encoding;
}

Result<MimeStencil> MimeStencil::create(const OutgoingMessage& sample_in, std::size_t text_shared,
                                        std::size_t html_shared, const std::vector<std::string>& personal_headers) {
  ensure_gmime_initialised();
  MimeStencil s;
  // A boundary of GMime's own making, kept for every message.
  OutgoingMessage sample = sample_in;
  if (!sample.html.empty() && sample.boundary.empty()) {
    auto first = build_mime(sample);
    if (!first) return first.error();
    const auto at = first->find("boundary=\"");
    if (at == std::string::npos) return invalid("mime stencil: no boundary in the sample");
    const auto end = first->find('"', at + 10);
    sample.boundary = first->substr(at + 10, end - at - 10);
  }
  if (!sample.html.empty()) s.boundary_ = sample.boundary;
  auto built = build_mime(sample);
  if (!built) return built.error();
  const std::string& bytes = *built;

  // The header fields rebuilt per message.
  s.header_names_ = {"To", "Date", "Message-Id"};
  s.personal_.assign(sample.headers.size(), false);
  for (const auto& name : personal_headers) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < sample.headers.size(); ++i)
      if (sample.headers[i].first == name) {
        s.personal_[i] = true;
        ++n;
      }
    if (n != 1) return invalid("mime stencil: personal header '" + name + "' must occur once");
    s.header_names_.push_back(name);
  }
  auto fields = header_fields(sample, s.header_names_);
  if (!fields) return fields.error();
  const auto head_end = bytes.find("\r\n\r\n");
  if (head_end == std::string::npos) return invalid("mime stencil: no header end");
  const auto all_fields = fields_of(std::string_view(bytes).substr(0, head_end + 2));
  // [start, end, piece] of every personal piece of `bytes`.
  struct Cut {
    std::size_t start, end;
    int piece;
  };
  std::vector<Cut> cuts;
  for (std::size_t i = 0; i < s.header_names_.size(); ++i) {
    const Field* found = nullptr;
    for (const auto& f : all_fields)
      if (iequal(f.name, s.header_names_[i])) {
        if (found) return invalid("mime stencil: header " + s.header_names_[i] + " occurs twice");
        found = &f;
      }
    if (!found || bytes.compare(found->start, found->end - found->start, (*fields)[i]) != 0)
      return invalid("mime stencil: header " + s.header_names_[i] + " is not where GMime wrote it");
    cuts.push_back({found->start, found->end, static_cast<int>(i)});
  }

  // Each part's end: before the next delimiter line, or the message's end for a text-only one.
  std::vector<std::size_t> part_ends;
  if (s.boundary_.empty()) {
    part_ends.push_back(bytes.size());
  } else {
    const std::string delimiter = "\r\n--" + s.boundary_;
    for (auto at = bytes.find(delimiter, head_end); at != std::string::npos; at = bytes.find(delimiter, at + 1))
      part_ends.push_back(at);
    if (part_ends.size() != 3) return invalid("mime stencil: expected three delimiter lines");
    part_ends.erase(part_ends.begin());
  }
  const std::pair<const std::string*, std::size_t> contents[] = {{&sample.text, text_shared}, {&sample.html, html_shared}};
  for (std::size_t i = 0; i < part_ends.size(); ++i) {
    Part& part = i == 0 ? s.text_ : s.html_;
    const std::string& content = *contents[i].first;
    const std::size_t shared = std::min(contents[i].second, content.size());
    // GMime's own choice, by build_mime's code (its best-encoding filter reads the content in
    // chunks; the resumed one below must agree with it or the stencil is refused).
    part.encoding = text_part_encoding(content);
    // Where the encoder's state is what it is at the start, and the tail is never empty.
    const std::size_t limit = std::min(shared, content.empty() ? 0 : content.size() - 1);
    if (part.encoding == GMIME_CONTENT_ENCODING_BASE64) {
      part.cut = limit / 57 * 57;
    } else {
      const auto nl = limit == 0 ? std::string::npos : content.rfind('\n', limit - 1);
      part.cut = nl == std::string::npos ? 0 : nl + 1;
    }
    part.prefix = content.substr(0, part.cut);
    {
      GPtr<GMimeFilter> prefix(g_mime_filter_best_new(GMIME_FILTER_BEST_ENCODING));
      char* out = nullptr;
      std::size_t outlen = 0, outprespace = 0;
      g_mime_filter_filter(prefix.get(), part.prefix.data(), part.prefix.size(), 0, &out, &outlen, &outprespace);
      const auto* b = GMIME_FILTER_BEST(prefix.get());
      part.best = {b->count0, b->count8, b->total, b->maxline, b->linelen, {}, b->fromlen,
                   b->hadfrom != 0, b->startline != 0, b->midline != 0};
      std::memcpy(part.best.frombuf, b->frombuf, sizeof part.best.frombuf);
    }
    const std::string_view tail = std::string_view(content).substr(part.cut);
    if (!s.keeps_encoding(part, tail)) return invalid("mime stencil: the resumed best-encoding filter disagrees");
    bool matched = false;
    for (bool ensure_newline : {false, true}) {
      part.ensure_newline = ensure_newline;
      const std::string encoded = s.encode_part(part, tail);
      const std::size_t end = part_ends[i];
      if (encoded.size() <= end - head_end && bytes.compare(end - encoded.size(), encoded.size(), encoded) == 0) {
        cuts.push_back({end - encoded.size(), end, i == 0 ? kText : kHtml});
        matched = true;
        break;
      }
    }
    if (!matched) return invalid("mime stencil: GMime's encoding of the part's end is not where GMime wrote it");
  }

  std::sort(cuts.begin(), cuts.end(), [](const Cut& a, const Cut& b) { return a.start < b.start; });
  std::size_t at = 0;
  for (const auto& c : cuts) {
    if (c.start < at) return invalid("mime stencil: personal pieces overlap");
    s.segments_.push_back({bytes.substr(at, c.start - at), c.piece});
    s.literal_size_ += c.start - at;
    at = c.end;
  }
  s.segments_.push_back({bytes.substr(at), kNone});
  s.literal_size_ += bytes.size() - at;

  s.sample_ = std::move(sample);
  s.sample_.text = s.text_.prefix;
  s.sample_.html = s.html_.prefix;
  return s;
}

bool MimeStencil::splices(const OutgoingMessage& m) const {
  const OutgoingMessage& s = sample_;
  if (!(m.boundary.empty() || m.boundary == boundary_) || m.html.empty() != boundary_.empty()) return false;
  if (m.from.name != s.from.name || m.from.address != s.from.address || m.subject != s.subject) return false;
  if (m.headers.size() != s.headers.size()) return false;
  for (std::size_t i = 0; i < m.headers.size(); ++i) {
    if (m.headers[i].first != s.headers[i].first) return false;
    if (!personal_[i] && m.headers[i].second != s.headers[i].second) return false;
  }
  auto starts = [](const std::string& content, const Part& part) {
    return content.size() > part.cut && content.compare(0, part.cut, part.prefix) == 0;
  };
  return starts(m.text, text_) && (boundary_.empty() || starts(m.html, html_));
}

Result<std::string> MimeStencil::build(const OutgoingMessage& m) const {
  if (!splices(m)) return build_mime(with_boundary(m, boundary_));
  // build_mime's own checks (m.boundary is "" or the stencil's, which passed them); the shared
  // prefixes passed them when the sample was built.
  if (auto st = check_message(m, text_.cut, html_.cut); !st) return st.error();
  auto fields = header_fields(m, header_names_);
  if (!fields) return fields.error();
  const std::string_view text_tail = std::string_view(m.text).substr(text_.cut);
  const std::string_view html_tail = boundary_.empty() ? std::string_view() : std::string_view(m.html).substr(html_.cut);
  if (!keeps_encoding(text_, text_tail) || (!boundary_.empty() && !keeps_encoding(html_, html_tail)))
    return build_mime(with_boundary(m, boundary_));
  std::string text = encode_part(text_, text_tail);
  std::string html = boundary_.empty() ? std::string() : encode_part(html_, html_tail);
  if (!boundary_.empty()) {
    // The literals were checked when the stencil was made; only the new bytes can hold it now.
    const std::string dashes = "--" + boundary_;
    if (text.find(dashes) != std::string::npos || html.find(dashes) != std::string::npos)
      return build_mime(with_boundary(m, boundary_));  // which refuses it, as GMime's output would hold it
  }

  std::size_t size = literal_size_ + text.size() + html.size();
  for (const auto& f : *fields) size += f.size();
  std::string out;
  out.reserve(size);
  for (const auto& seg : segments_) {
    out += seg.literal;
    if (seg.piece == kText)
      out += text;
    else if (seg.piece == kHtml)
      out += html;
    else if (seg.piece >= 0)
      out += (*fields)[static_cast<std::size_t>(seg.piece)];
  }
  return out;
}

}  // namespace barometer::mail
