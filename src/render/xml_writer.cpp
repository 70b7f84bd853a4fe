#include "render/xml_writer.hpp"

#include <libxml/xmlwriter.h>

#include <cstdint>
#include <stdexcept>

namespace barometer::render {
namespace {

// XML 1.0 "Char": #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
bool allowed_in_xml(std::uint32_t cp) {
  if (cp < 0x20) return cp == 0x9 || cp == 0xA || cp == 0xD;
  return cp <= 0xD7FF || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Throws: the writer fails only on a bug (misnested calls) or when memory runs out.
void check(int rc) {
  if (rc < 0) throw std::runtime_error("xmlTextWriter failed");
}

const xmlChar* x(const std::string& s) { return reinterpret_cast<const xmlChar*>(s.c_str()); }

}  // namespace

std::string xml_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    if (b0 < 0x80) {
      if (allowed_in_xml(b0)) out += static_cast<char>(b0);
      ++i;
      continue;
    }
    // Length and smallest code point of the sequence b0 starts (overlong forms are refused).
    std::size_t len = 0;
    std::uint32_t cp = 0, min = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) len = 2, cp = b0 & 0x1F, min = 0x80;
    else if (b0 >= 0xE0 && b0 <= 0xEF) len = 3, cp = b0 & 0x0F, min = 0x800;
    else if (b0 >= 0xF0 && b0 <= 0xF4) len = 4, cp = b0 & 0x07, min = 0x10000;
    std::size_t used = 1;
    bool ok = len != 0;
    for (; ok && used < len; ++used) {
      if (i + used >= text.size()) {
        ok = false;
        break;
      }
      const auto b = static_cast<unsigned char>(text[i + used]);
      if ((b & 0xC0) != 0x80) {
        ok = false;
        break;
      }
      cp = (cp << 6) | (b & 0x3F);
    }
    if (ok && (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))) ok = false;
    if (!ok) {
      // One replacement per broken sequence; the bytes read so far belong to it.
      out += kReplacement;
      i += used;
      continue;
    }
    if (allowed_in_xml(cp)) out.append(text.substr(i, len));
    i += len;
  }
  return out;
}

struct XmlWriter::Handles {
  xmlBufferPtr buffer = nullptr;
  xmlTextWriterPtr writer = nullptr;
  ~Handles() {
    if (writer) xmlFreeTextWriter(writer);
    if (buffer) xmlBufferFree(buffer);
  }
};

XmlWriter::XmlWriter() : handles_(std::make_unique<Handles>()) {
  handles_->buffer = xmlBufferCreate();
  if (!handles_->buffer) throw std::bad_alloc();
  handles_->writer = xmlNewTextWriterMemory(handles_->buffer, 0);
  if (!handles_->writer) throw std::bad_alloc();
  check(xmlTextWriterSetIndent(handles_->writer, 1));
  check(xmlTextWriterStartDocument(handles_->writer, "1.0", "UTF-8", nullptr));
}

XmlWriter::~XmlWriter() = default;

XmlWriter& XmlWriter::start(std::string_view name, std::string_view ns) {
  check(xmlTextWriterStartElement(handles_->writer, x(std::string(name))));
  if (!ns.empty()) attribute("xmlns", ns);
  return *this;
}

XmlWriter& XmlWriter::attribute(std::string_view name, std::string_view value) {
  check(xmlTextWriterWriteAttribute(handles_->writer, x(std::string(name)), x(xml_text(value))));
  return *this;
}

XmlWriter& XmlWriter::text(std::string_view value) {
  check(xmlTextWriterWriteString(handles_->writer, x(xml_text(value))));
  return *this;
}

XmlWriter& XmlWriter::end() {
  check(xmlTextWriterEndElement(handles_->writer));
  return *this;
}

XmlWriter& XmlWriter::element(std::string_view name, std::string_view value) {
  return start(name).text(value).end();
}

std::string XmlWriter::finish() {
  check(xmlTextWriterEndDocument(handles_->writer));
  xmlFreeTextWriter(handles_->writer);  // flushes into the buffer
  handles_->writer = nullptr;
  const xmlChar* content = xmlBufferContent(handles_->buffer);
  return std::string(reinterpret_cast<const char*>(content), static_cast<std::size_t>(xmlBufferLength(handles_->buffer)));
}

}  // namespace barometer::render
