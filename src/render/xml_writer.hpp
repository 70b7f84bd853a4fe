// XmlWriter: well-formed XML documents (feeds, sitemaps) over libxml2's xmlTextWriter, so that
// escaping is libxml2's and not ours. Text and attribute values go through xml_text() first:
// libxml2 escapes markup but passes control characters and broken UTF-8 through, and either
// makes the document unreadable to every XML parser.
//
// Contract: calls nest like the document (start/end pairs); finish() closes what is open and
// returns the document. Not thread-safe (one writer per document); owns its libxml2 handles.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace barometer::render {

// `text` made fit for XML 1.0 character data: invalid UTF-8 (broken, overlong or surrogate
// sequences) becomes U+FFFD, and the code points XML 1.0 forbids (C0 controls other than tab,
// line feed and carriage return; U+FFFE, U+FFFF) are dropped. Valid text is returned unchanged.
std::string xml_text(std::string_view text);

class XmlWriter {
 public:
  // Starts a UTF-8 document (<?xml version="1.0" encoding="UTF-8"?>), indented.
  XmlWriter();
  ~XmlWriter();
  XmlWriter(const XmlWriter&) = delete;
  XmlWriter& operator=(const XmlWriter&) = delete;

  // <name ...>; with `ns` an xmlns="ns" (default namespace) declaration on it.
  XmlWriter& start(std::string_view name, std::string_view ns = {});
  // An attribute of the element just started ("xmlns:xhtml" declares a prefix).
  XmlWriter& attribute(std::string_view name, std::string_view value);
  XmlWriter& text(std::string_view value);
  XmlWriter& end();
  // <name>value</name>
  XmlWriter& element(std::string_view name, std::string_view value);

  // The document; the writer cannot be used afterwards.
  std::string finish();

 private:
  struct Handles;
  std::unique_ptr<Handles> handles_;
};

}  // namespace barometer::render
