#include "mail/read_message.hpp"

#include <gmime/gmime.h>

#include "mail/message.hpp"

namespace barometer::mail {

namespace {

// The first text/plain part below `object` (depth-first), decoded; "" when none.
std::string first_text(GMimeObject* object, int depth) {
  if (!object || depth > 20) return "";
  if (GMIME_IS_MULTIPART(object)) {
    auto* multipart = GMIME_MULTIPART(object);
    int n = g_mime_multipart_get_count(multipart);
    for (int i = 0; i < n; ++i) {
      std::string found = first_text(g_mime_multipart_get_part(multipart, i), depth + 1);
      if (!found.empty()) return found;
    }
    return "";
  }
  if (GMIME_IS_TEXT_PART(object)) {
    GMimeContentType* type = g_mime_object_get_content_type(object);
    if (type && g_mime_content_type_is_type(type, "text", "plain")) {
      char* text = g_mime_text_part_get_text(GMIME_TEXT_PART(object));
      std::string out = text ? text : "";
      g_free(text);
      return out;
    }
  }
  return "";
}

std::string text_or_empty(const char* s) { return s ? s : ""; }

}  // namespace

Result<ReadMessage> read_message(std::string_view bytes) {
  ensure_gmime_initialised();
  GMimeStream* stream = g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size());
  GMimeParser* parser = g_mime_parser_new_with_stream(stream);
  g_object_unref(stream);  // the parser holds its own reference
  GMimeMessage* message = g_mime_parser_construct_message(parser, nullptr);
  g_object_unref(parser);
  if (!message) return invalid("not a message");
  ReadMessage out;
  GMimeHeaderList* headers = g_mime_object_get_header_list(GMIME_OBJECT(message));
  int n = headers ? g_mime_header_list_get_count(headers) : 0;
  for (int i = 0; i < n && i < 200; ++i) {
    GMimeHeader* h = g_mime_header_list_get_header_at(headers, i);
    std::string value = text_or_empty(g_mime_header_get_raw_value(h));
    // Unfold: continuation lines become one line.
    std::string unfolded;
    for (char ch : value)
      if (ch != '\r' && ch != '\n') unfolded += ch;
    while (!unfolded.empty() && (unfolded.front() == ' ' || unfolded.front() == '\t')) unfolded.erase(0, 1);
    out.headers.emplace_back(text_or_empty(g_mime_header_get_name(h)), std::move(unfolded));
  }
  out.subject = text_or_empty(g_mime_message_get_subject(message));
  if (InternetAddressList* to = g_mime_message_get_to(message)) {
    char* s = internet_address_list_to_string(to, nullptr, FALSE);
    out.to = text_or_empty(s);
    g_free(s);
  }
  if (GMimeObject* o = GMIME_OBJECT(message); const char* date = g_mime_object_get_header(o, "Date"))
    out.date = date;
  out.text = first_text(g_mime_message_get_mime_part(message), 0);
  g_object_unref(message);
  return out;
}

}  // namespace barometer::mail
