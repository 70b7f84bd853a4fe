#include "mail/dkim_canon.hpp"

#include <cstring>

namespace barometer::mail::dkim {

namespace {

bool is_wsp(char c) { return c == ' ' || c == '\t'; }

Error bare_line_end() { return invalid("dkim: the message has a bare CR or LF (lines must end in CRLF)"); }

}  // namespace

Result<SplitMessage> split_message(std::string_view message) {
  SplitMessage out;
  std::size_t pos = 0;
  std::size_t field_start = std::string_view::npos;
  auto close_field = [&](std::size_t end) -> Status {
    if (field_start == std::string_view::npos) return {};
    const std::string_view raw = message.substr(field_start, end - field_start);
    const std::size_t colon = raw.find(':');
    if (colon == std::string_view::npos || colon == 0)
      return invalid("dkim: a header line has no field name and colon");
    std::string_view name = raw.substr(0, colon);
    while (!name.empty() && is_wsp(name.back())) name.remove_suffix(1);
    if (name.empty()) return invalid("dkim: a header field has an empty name");
    out.fields.push_back({name, raw});
    field_start = std::string_view::npos;
    return {};
  };
  while (true) {
    const std::size_t lf = message.find('\n', pos);
    if (lf == std::string_view::npos) return invalid("dkim: the message has no blank line between header and body");
    if (lf == pos || message[lf - 1] != '\r') return bare_line_end();
    const std::size_t eol = lf - 1;  // the CR
    if (std::memchr(message.data() + pos, '\r', eol - pos) != nullptr) return bare_line_end();
    if (eol == pos) {  // the blank line
      if (auto s = close_field(pos >= 2 ? pos - 2 : 0); !s.ok()) return s.error();
      out.body = message.substr(lf + 1);
      return out;
    }
    if (is_wsp(message[pos])) {
      if (field_start == std::string_view::npos) return invalid("dkim: the message starts with a continuation line");
    } else {
      if (auto s = close_field(pos - 2); !s.ok()) return s.error();
      field_start = pos;
    }
    pos = lf + 1;
  }
}

void append_relaxed_header(std::string_view raw, std::string& out) {
  const std::size_t colon = raw.find(':');
  std::string_view name = raw.substr(0, colon);
  while (!name.empty() && is_wsp(name.back())) name.remove_suffix(1);
  for (char c : name) out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  out += ':';
  if (colon == std::string_view::npos) return;
  // Unfold and compress in one pass: CR and LF vanish (a fold is CRLF + WSP, so the WSP stays and
  // joins the run), a WSP run is written as one SP only once a non-WSP byte follows it, so leading
  // and trailing whitespace of the value are dropped.
  bool pending_space = false, any = false;
  for (std::size_t i = colon + 1; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c == '\r' || c == '\n') continue;
    if (is_wsp(c)) {
      pending_space = any;
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    any = true;
    out += c;
  }
}

Result<std::string> relaxed_body(std::string_view body) {
  std::string out;
  out.reserve(body.size());
  std::size_t empty_lines = 0;  // empty lines seen and not yet written: dropped if nothing follows
  std::size_t pos = 0;
  while (pos < body.size()) {
    std::size_t end = body.find('\n', pos);
    std::size_t next;
    if (end == std::string_view::npos) {  // a last line without CRLF
      end = body.size();
      next = end;
    } else {
      if (end == pos || body[end - 1] != '\r') return bare_line_end();
      next = end + 1;
      --end;  // the CR
    }
    bool pending_space = false, any = false;
    for (std::size_t i = pos; i < end; ++i) {
      const char c = body[i];
      if (c == '\r') return bare_line_end();
      if (is_wsp(c)) {
        pending_space = true;
        continue;
      }
      if (!any) {
        // The first text of a line: the empty lines before it are not at the end after all.
        for (; empty_lines > 0; --empty_lines) out += "\r\n";
        any = true;
      }
      if (pending_space) out += ' ';  // leading whitespace too: one SP, not none
      pending_space = false;
      out += c;
    }
    // Whitespace at the line's end is never written (pending_space is dropped here).
    if (any)
      out += "\r\n";
    else
      ++empty_lines;
    pos = next;
  }
  return out;
}

}  // namespace barometer::mail::dkim
