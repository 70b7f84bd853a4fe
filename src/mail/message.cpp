#include "mail/message.hpp"

#include <gmime/gmime.h>

#include <algorithm>
#include <memory>
#include <mutex>

namespace barometer::mail {

namespace {

// GObject references released on scope exit.
struct Unref {
  void operator()(void* p) const {
    if (p) g_object_unref(p);
  }
};
template <class T>
using GPtr = std::unique_ptr<T, Unref>;

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

Result<std::string> build_mime(const OutgoingMessage& m) {
  if (!is_address(m.from.address)) return invalid("from: not an email address: '" + m.from.address + "'");
  if (!is_address(m.to.address)) return invalid("to: not an email address: '" + m.to.address + "'");
  if (has_line_break(m.from.name) || has_line_break(m.to.name)) return invalid("display name contains a line break");
  if (has_line_break(m.subject)) return invalid("subject contains a line break");
  for (const auto* s : {&m.from.name, &m.to.name, &m.subject, &m.text, &m.html})
    if (!is_utf8(*s)) return invalid("message text is not valid UTF-8");
  const std::string id = strip_angles(m.message_id);
  if (!is_address(id)) return invalid("message_id: expected <local@domain>, got '" + m.message_id + "'");
  for (const auto& [name, value] : m.headers) {
    if (!is_header_name(name)) return invalid("header name '" + name + "' is not a token");
    if (has_line_break(value) || !is_utf8(value)) return invalid("header " + name + ": value has a line break or bad UTF-8");
  }

  ensure_gmime_initialised();
  GPtr<GMimeMessage> message(g_mime_message_new(TRUE));
  add_mailbox(message.get(), GMIME_ADDRESS_TYPE_FROM, m.from);
  add_mailbox(message.get(), GMIME_ADDRESS_TYPE_TO, m.to);
  g_mime_message_set_subject(message.get(), m.subject.c_str(), "utf-8");
  GDateTime* date = g_date_time_new_from_unix_utc(to_unix(m.date));
  g_mime_message_set_date(message.get(), date);
  g_date_time_unref(date);
  g_mime_message_set_message_id(message.get(), id.c_str());
  GMimeHeaderList* header_list = g_mime_object_get_header_list(GMIME_OBJECT(message.get()));
  for (const auto& [name, value] : m.headers) {
    g_mime_object_append_header(GMIME_OBJECT(message.get()), name.c_str(), value.c_str(), "utf-8");
    // GMime treats unknown headers as unstructured text and turns a word longer than a line
    // (a List-Unsubscribe URL with its token) into RFC 2047 encoded-words, which mailbox
    // providers do not decode in structured headers. ASCII values are written as they are,
    // folded after commas instead.
    if (is_ascii(value)) {
      GMimeHeader* header = g_mime_header_list_get_header_at(header_list, g_mime_header_list_get_count(header_list) - 1);
      g_mime_header_set_raw_value(header, folded_raw_value(value).c_str());
    }
  }

  GPtr<GMimeObject> plain(text_part("plain", m.text));
  if (m.html.empty()) {
    g_mime_message_set_mime_part(message.get(), plain.get());
  } else {
    GPtr<GMimeMultipart> alternative(g_mime_multipart_new_with_subtype("alternative"));
    GPtr<GMimeObject> html(text_part("html", m.html));
    g_mime_multipart_add(alternative.get(), plain.get());
    g_mime_multipart_add(alternative.get(), html.get());
    g_mime_message_set_mime_part(message.get(), GMIME_OBJECT(alternative.get()));
  }

  std::unique_ptr<GMimeFormatOptions, FormatOptionsFree> options(g_mime_format_options_new());
  g_mime_format_options_set_newline_format(options.get(), GMIME_NEWLINE_FORMAT_DOS);
  GPtr<GMimeStream> out(g_mime_stream_mem_new());
  if (g_mime_object_write_to_stream(GMIME_OBJECT(message.get()), options.get(), out.get()) < 0)
    return io_error("GMime could not write the message");
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out.get()));
  return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

}  // namespace barometer::mail
