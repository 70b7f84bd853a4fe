#include "mail/message.hpp"

#include <gmime/gmime.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>

#include "domain/text.hpp"
#include "mail/gobject_ptr.hpp"

namespace barometer::mail {

namespace {

struct FormatOptionsFree {
  void operator()(GMimeFormatOptions* p) const { g_mime_format_options_free(p); }
};

bool has_line_break(std::string_view s) { return s.find_first_of("\r\n") != std::string_view::npos; }

bool is_utf8(const std::string& s) { return g_utf8_validate(s.data(), static_cast<gssize>(s.size()), nullptr); }

// A deliberately simple addr-spec check: local@domain, printable ASCII, no spaces or brackets.
// The subscribe form validates addresses properly; this only keeps garbage out of headers.
bool is_address(std::string_view a) {
  const auto at = a.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= a.size() || a.size() > 254) return false;
  return std::all_of(a.begin(), a.end(), [](unsigned char c) {
    return c > 0x20 && c < 0x7f && c != '<' && c != '>' && c != '(' && c != ')' && c != ',' && c != ';' &&
           c != '"' && c != '\\' && c != '[' && c != ']';
  });
}

bool is_header_name(std::string_view n) {
  return !n.empty() && std::all_of(n.begin(), n.end(), [](unsigned char c) { return c > 0x20 && c < 0x7f && c != ':'; });
}

// A text part whose declared charset is always utf-8 (g_mime_text_part_set_text would pick
// iso-8859-1 for Latin-1-only text) and whose transfer encoding GMime chooses for 7-bit transport.
GMimeObject* text_part(const char* subtype, const std::string& content) {
  GMimeTextPart* part = g_mime_text_part_new_with_subtype(subtype);
  GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(content.data(), content.size()));
  GPtr<GMimeDataWrapper> wrapper(g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
  g_mime_part_set_content(GMIME_PART(part), wrapper.get());
  g_mime_object_set_content_type_parameter(GMIME_OBJECT(part), "charset", "utf-8");
  g_mime_part_set_content_encoding(
      GMIME_PART(part), g_mime_part_get_best_content_encoding(GMIME_PART(part), GMIME_ENCODING_CONSTRAINT_7BIT));
  return GMIME_OBJECT(part);
}

// Display names are encoded as UTF-8 encoded-words; left to itself GMime picks the smallest
// charset that fits (ISO-8859-5 for Cyrillic), which some clients still render badly.
void add_mailbox(GMimeMessage* message, GMimeAddressType type, const Mailbox& mailbox) {
  GPtr<InternetAddress> address(internet_address_mailbox_new(mailbox.name.c_str(), mailbox.address.c_str()));
  internet_address_set_charset(address.get(), "utf-8");
  internet_address_list_add(g_mime_message_get_addresses(message, type), address.get());
}

std::string strip_angles(std::string_view id) {
  if (id.size() >= 2 && id.front() == '<' && id.back() == '>') id = id.substr(1, id.size() - 2);
  return std::string(id);
}

}  // namespace

void ensure_gmime_initialised() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

std::string make_message_id(std::string_view domain, std::string_view stable_key) {
  // The domain is part of the hashed input too, so two sites never share an id for equal keys.
  std::string input(domain);
  input += '\n';
  input += stable_key;
  gchar* hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256, reinterpret_cast<const guchar*>(input.data()), input.size());
  std::string id = "<" + std::string(hex, 32) + "@" + std::string(domain) + ">";
  g_free(hex);
  return id;
}

namespace {

bool is_ascii(std::string_view v) {
  for (unsigned char c : v)
    if (c >= 0x80) return false;
  return true;
}

// A header value as GMime stores it raw: a leading space, folded with "\n " after ", " where
// the line would pass 78 characters, ending in "\n" (GMime writes CRLF for DOS output).
std::string folded_raw_value(std::string_view value) {
  std::string out = " ";
  std::size_t line = 0;
  std::size_t start = 0;
  while (start < value.size()) {
    std::size_t comma = value.find(", ", start);
    std::string_view item = value.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma + 1 - start);
    if (line > 0 && line + 1 + item.size() > 76) {
      out += "\n ";
      line = 0;
    } else if (line > 0) {
      out += ' ';
      ++line;
    }
    out += item;
    line += item.size();
    start = comma == std::string_view::npos ? value.size() : comma + 2;
  }
  out += '\n';
  return out;
}

}  // namespace

namespace {

// RFC 2046: 1-70 bchars, the last not a space.
bool is_boundary(std::string_view b) {
  if (b.empty() || b.size() > 70 || b.back() == ' ') return false;
  return std::all_of(b.begin(), b.end(), [](unsigned char c) {
    return std::isalnum(c) || std::string_view("'()+_,-./:=? ").find(static_cast<char>(c)) != std::string_view::npos;
  });
}

// Valid UTF-8 from the last character start at or before `from` (the bytes before it are known
// valid, so the whole string is valid exactly when this rest is).
bool is_utf8_from(const std::string& s, std::size_t from) {
  from = utf8_prefix(s, from).size();
  return g_utf8_validate(s.data() + from, static_cast<gssize>(s.size() - from), nullptr);
}

void set_date(GMimeMessage* message, Instant when) {
  GDateTime* date = g_date_time_new_from_unix_utc(to_unix(when));
  g_mime_message_set_date(message, date);
  g_date_time_unref(date);
}

void append_header(GMimeMessage* message, const std::string& name, const std::string& value) {
  // GMime treats unknown headers as unstructured text and turns a word longer than a line
  // (a List-Unsubscribe URL with its token) into RFC 2047 encoded-words, which mailbox
  // providers do not decode in structured headers. ASCII values are written as they are,
  // folded after commas instead.
  const bool raw = is_ascii(value);
  // Then GMime's own formatting of the value would be thrown away: for List-* fields, which no
  // GMime object interprets, it is given nothing to format (that formatting was a quarter of the CPU
  // a spliced digest spent on its personal header fields; docs/benchmarks.md, send section).
  const bool list_field = name.size() > 5 && g_ascii_strncasecmp(name.c_str(), "List-", 5) == 0;
  g_mime_object_append_header(GMIME_OBJECT(message), name.c_str(), raw && list_field ? "" : value.c_str(), "utf-8");
  if (raw) {
    GMimeHeaderList* list = g_mime_object_get_header_list(GMIME_OBJECT(message));
    GMimeHeader* header = g_mime_header_list_get_header_at(list, g_mime_header_list_get_count(list) - 1);
    g_mime_header_set_raw_value(header, folded_raw_value(value).c_str());
  }
}

std::unique_ptr<GMimeFormatOptions, FormatOptionsFree> dos_options() {
  std::unique_ptr<GMimeFormatOptions, FormatOptionsFree> options(g_mime_format_options_new());
  g_mime_format_options_set_newline_format(options.get(), GMIME_NEWLINE_FORMAT_DOS);
  return options;
}

std::size_t count(std::string_view haystack, std::string_view needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string_view::npos; at = haystack.find(needle, at + needle.size())) ++n;
  return n;
}

}  // namespace

Status check_message(const OutgoingMessage& m, std::size_t text_known_valid, std::size_t html_known_valid) {
  if (!is_address(m.from.address)) return invalid("from: not an email address: '" + m.from.address + "'");
  if (!is_address(m.to.address)) return invalid("to: not an email address: '" + m.to.address + "'");
  if (has_line_break(m.from.name) || has_line_break(m.to.name)) return invalid("display name contains a line break");
  if (has_line_break(m.subject)) return invalid("subject contains a line break");
  for (const auto* s : {&m.from.name, &m.to.name, &m.subject})
    if (!is_utf8(*s)) return invalid("message text is not valid UTF-8");
  if (!is_utf8_from(m.text, text_known_valid) || !is_utf8_from(m.html, html_known_valid))
    return invalid("message text is not valid UTF-8");
  const std::string id = strip_angles(m.message_id);
  if (!is_address(id)) return invalid("message_id: expected <local@domain>, got '" + m.message_id + "'");
  for (const auto& [name, value] : m.headers) {
    if (!is_header_name(name)) return invalid("header name '" + name + "' is not a token");
    if (has_line_break(value) || !is_utf8(value)) return invalid("header " + name + ": value has a line break or bad UTF-8");
  }
  if (!m.boundary.empty() && !is_boundary(m.boundary)) return invalid("boundary: not 1-70 RFC 2046 characters");
  return {};
}

Result<std::vector<std::string>> header_fields(const OutgoingMessage& m, const std::vector<std::string>& names) {
  ensure_gmime_initialised();
  // One scratch message per thread, its fields set again for each call through build_mime's own
  // setters: making a GMimeMessage costs more than the rest of a spliced message.
  thread_local GPtr<GMimeMessage> scratch(g_mime_message_new(FALSE));
  GMimeMessage* message = scratch.get();
  GMimeHeaderList* list = g_mime_object_get_header_list(GMIME_OBJECT(message));
  for (const auto& name : names) {
    if (name == "To") {
      internet_address_list_clear(g_mime_message_get_addresses(message, GMIME_ADDRESS_TYPE_TO));
      add_mailbox(message, GMIME_ADDRESS_TYPE_TO, m.to);
    } else if (name == "Date") {
      set_date(message, m.date);
    } else if (name == "Message-Id") {
      g_mime_message_set_message_id(message, strip_angles(m.message_id).c_str());
    } else {
      auto it = std::find_if(m.headers.begin(), m.headers.end(), [&](const auto& h) { return h.first == name; });
      if (it == m.headers.end()) return invalid("header_fields: no header '" + name + "'");
      while (g_mime_header_list_remove(list, name.c_str())) {
      }
      append_header(message, it->first, it->second);
    }
  }
  // As g_mime_header_list_write_to_stream writes the fields: through the newline filter. Each
  // field ends in a newline, so the filter starts every field afresh. The streams are the
  // thread's too, emptied for each call, instead of five GObjects made and freed per message.
  thread_local auto options = dos_options();
  thread_local GPtr<GMimeStream> mem(g_mime_stream_mem_new());
  thread_local GPtr<GMimeStream> filtered = [] {
    GPtr<GMimeStream> f(g_mime_stream_filter_new(mem.get()));
    GPtr<GMimeFilter> newline(g_mime_format_options_create_newline_filter(options.get(), FALSE));
    g_mime_stream_filter_add(GMIME_STREAM_FILTER(f.get()), newline.get());
    return f;
  }();
  g_byte_array_set_size(g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem.get())), 0);
  g_mime_stream_reset(filtered.get());  // resets the memory stream under it and the filter
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem.get()));
  std::vector<std::string> out;
  out.reserve(names.size());
  for (const auto& name : names) {
    GMimeHeader* header = g_mime_header_list_get_header(list, name.c_str());
    if (!header) return invalid("header_fields: GMime has no header '" + name + "'");
    const guint before = bytes->len;
    if (g_mime_header_write_to_stream(header, options.get(), filtered.get()) < 0 || g_mime_stream_flush(filtered.get()) < 0)
      return io_error("GMime could not write header " + name);
    bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem.get()));
    out.emplace_back(reinterpret_cast<const char*>(bytes->data) + before, bytes->len - before);
  }
  return out;
}

int text_part_encoding(const std::string& content) {
  ensure_gmime_initialised();
  GPtr<GMimeObject> part(text_part("plain", content));
  return g_mime_part_get_content_encoding(GMIME_PART(part.get()));
}

Result<std::string> build_mime(const OutgoingMessage& m) {
  if (auto st = check_message(m); !st) return st.error();

  ensure_gmime_initialised();
  GPtr<GMimeMessage> message(g_mime_message_new(TRUE));
  add_mailbox(message.get(), GMIME_ADDRESS_TYPE_FROM, m.from);
  add_mailbox(message.get(), GMIME_ADDRESS_TYPE_TO, m.to);
  g_mime_message_set_subject(message.get(), m.subject.c_str(), "utf-8");
  set_date(message.get(), m.date);
  g_mime_message_set_message_id(message.get(), strip_angles(m.message_id).c_str());
  for (const auto& [name, value] : m.headers) append_header(message.get(), name, value);

  GPtr<GMimeObject> plain(text_part("plain", m.text));
  std::string boundary;
  if (m.html.empty()) {
    g_mime_message_set_mime_part(message.get(), plain.get());
  } else {
    GPtr<GMimeMultipart> alternative(g_mime_multipart_new_with_subtype("alternative"));
    // NULL: GMime generates a random one.
    g_mime_multipart_set_boundary(alternative.get(), m.boundary.empty() ? nullptr : m.boundary.c_str());
    boundary = g_mime_multipart_get_boundary(alternative.get());
    GPtr<GMimeObject> html(text_part("html", m.html));
    g_mime_multipart_add(alternative.get(), plain.get());
    g_mime_multipart_add(alternative.get(), html.get());
    g_mime_message_set_mime_part(message.get(), GMIME_OBJECT(alternative.get()));
  }

  auto options = dos_options();
  GPtr<GMimeStream> out(g_mime_stream_mem_new());
  if (g_mime_object_write_to_stream(GMIME_OBJECT(message.get()), options.get(), out.get()) < 0)
    return io_error("GMime could not write the message");
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out.get()));
  std::string mime(reinterpret_cast<const char*>(bytes->data), bytes->len);
  // GMime does not check that the boundary is absent from the parts (its random "=-..." cannot
  // occur in quoted-printable or base64, but can in 7-bit text): the body must hold exactly the
  // three delimiter lines it wrote.
  if (!boundary.empty()) {
    const auto body = mime.find("\r\n\r\n");
    if (body == std::string::npos || count(std::string_view(mime).substr(body), "--" + boundary) != 3)
      return invalid("boundary: '" + boundary + "' occurs in the message text");
  }
  return mime;
}

}  // namespace barometer::mail
