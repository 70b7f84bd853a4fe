#include "services/wordpress/wxr_reader.hpp"

#include <libxml/xmlreader.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string_view>
#include <vector>

namespace barometer::wordpress {
namespace {

// One text value at most this long (libxml2 refuses larger text nodes already, 10 MB).
constexpr std::size_t kMaxText = 64u << 20;

constexpr int kOptions = XML_PARSE_NONET | XML_PARSE_NOWARNING;  // no NOENT, no DTDLOAD: nothing expands

struct ReaderFree {
  void operator()(xmlTextReader* r) const { xmlFreeTextReader(r); }
};

struct FileInput {
  std::FILE* file = nullptr;
  std::uint64_t read = 0;
};

int read_file(void* ctx, char* buffer, int len) {
  auto* in = static_cast<FileInput*>(ctx);
  const std::size_t n = std::fread(buffer, 1, static_cast<std::size_t>(len), in->file);
  if (n == 0 && std::ferror(in->file)) return -1;
  in->read += n;
  return static_cast<int>(n);
}
int close_file(void*) { return 0; }  // the caller's RAII closes it

std::string str(const xmlChar* s) { return s ? reinterpret_cast<const char*>(s) : ""; }
std::string owned(xmlChar* s) {
  std::string out = str(s);
  if (s) xmlFree(s);
  return out;
}

// "wp:post_id", "content:encoded", ":title": the namespace as a short name, whatever the prefix.
std::string key_of(xmlTextReader* r) {
  const std::string uri = str(xmlTextReaderConstNamespaceUri(r));
  const std::string local = str(xmlTextReaderConstLocalName(r));
  std::string ns;
  if (uri.empty()) ns = "";
  else if (uri.starts_with("http://wordpress.org/export/") && uri.find("/excerpt/") != std::string::npos) ns = "excerpt";
  else if (uri.starts_with("http://wordpress.org/export/")) ns = "wp";
  else if (uri == "http://purl.org/rss/1.0/modules/content/") ns = "content";
  else if (uri == "http://purl.org/dc/elements/1.1/") ns = "dc";
  else ns = "other";
  return ns + ":" + local;
}

struct ErrorSink {
  std::string name;
  std::string message;
};

#if LIBXML_VERSION >= 21200
void on_error(void* ctx, const xmlError* e) {
#else
void on_error(void* ctx, xmlErrorPtr e) {
#endif
  auto* sink = static_cast<ErrorSink*>(ctx);
  if (!sink->message.empty() || !e || e->level < XML_ERR_ERROR) return;
  std::string what = e->message ? e->message : "malformed XML";
  while (!what.empty() && (what.back() == '\n' || what.back() == ' ')) what.pop_back();
  sink->message = sink->name + ":" + std::to_string(e->line) + ":" + std::to_string(e->int2) + ": " + what;
}

// Refuses a document type declaration before libxml2 reads it: its internal subset is where
// entities are declared (and, with libxml2, already checked by expanding them), so the parser
// never sees one. Looks at the prolog only (XML declaration, comments, processing instructions);
// a prolog longer than `head` is left to the reader's own DOCTYPE check below.
Status refuse_doctype(std::string_view head, const std::string& name) {
  std::size_t p = 0;
  if (head.starts_with("\xEF\xBB\xBF")) p = 3;
  auto line_at = [&](std::size_t at) { return 1 + std::count(head.begin(), head.begin() + static_cast<long>(at), '\n'); };
  while (p < head.size()) {
    const char c = head[p];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++p;
    } else if (head.substr(p).starts_with("<?")) {
      const auto end = head.find("?>", p);
      if (end == std::string_view::npos) break;
      p = end + 2;
    } else if (head.substr(p).starts_with("<!--")) {
      const auto end = head.find("-->", p);
      if (end == std::string_view::npos) break;
      p = end + 3;
    } else if (head.substr(p).starts_with("<!DOCTYPE")) {
      return invalid(name + ":" + std::to_string(line_at(p)) +
                     ": a document type declaration (DOCTYPE) is refused: a WordPress export has none");
    } else {
      break;
    }
  }
  return {};
}

class Walker {
 public:
  Walker(xmlTextReader* r, ErrorSink& sink, const WxrHandlers& h, std::function<std::uint64_t()> bytes,
         std::uint64_t total)
      : r_(r), sink_(sink), h_(h), bytes_(std::move(bytes)), total_(total) {}

  Status run() {
    xmlTextReaderSetStructuredErrorHandler(r_, on_error, &sink_);
    bool saw_rss = false;
    while (true) {
      const int ret = xmlTextReaderRead(r_);
      if (ret == 0) break;
      if (ret < 0) return where(sink_.message.empty() ? "malformed XML" : "");
      const int type = xmlTextReaderNodeType(r_);
      switch (type) {
        case XML_READER_TYPE_DOCUMENT_TYPE:
          return where("a document type declaration (DOCTYPE) is refused: a WordPress export has none");
        case XML_READER_TYPE_ENTITY_REFERENCE:
        case XML_READER_TYPE_ENTITY:
          return where("an entity reference is refused: a WordPress export has none");
        case XML_READER_TYPE_ELEMENT: {
          const bool empty = xmlTextReaderIsEmptyElement(r_) == 1;
          std::string key = key_of(r_);
          if (stack_.empty()) {
            if (key != ":rss") return where("not a WordPress export: the root element is not <rss>");
            saw_rss = true;
          }
          stack_.push_back(std::move(key));
          text_.clear();
          if (auto s = start(); !s) return s;
          if (empty) {
            if (auto s = end(); !s) return s;
            stack_.pop_back();
          }
          break;
        }
        case XML_READER_TYPE_END_ELEMENT: {
          if (auto s = end(); !s) return s;
          stack_.pop_back();
          text_.clear();
          break;
        }
        case XML_READER_TYPE_TEXT:
        case XML_READER_TYPE_CDATA:
        case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
        case XML_READER_TYPE_WHITESPACE: {
          text_ += str(xmlTextReaderConstValue(r_));
          if (text_.size() > kMaxText) return where("a text value larger than 64 MiB");
          break;
        }
        default: break;
      }
    }
    if (!sink_.message.empty()) return invalid(sink_.message);
    if (!saw_rss) return invalid(sink_.name + ": empty file, not a WordPress export");
    if (!channel_sent_) return invalid(sink_.name + ": not a WordPress export: no <channel>");
    return {};
  }

 private:
  Status where(const std::string& what) {
    if (!sink_.message.empty() && what.empty()) return invalid(sink_.message);
    return invalid(sink_.name + ":" + std::to_string(xmlTextReaderGetParserLineNumber(r_)) + ":" +
                   std::to_string(xmlTextReaderGetParserColumnNumber(r_)) + ": " + what);
  }

  std::size_t depth() const { return stack_.size(); }
  const std::string& at(std::size_t i) const { return stack_[i]; }

  Status send_channel() {
    if (channel_sent_) return {};
    channel_sent_ = true;
    return h_.channel ? h_.channel(channel_) : Status{};
  }

  Status start() {
    if (depth() == 2 && at(1) != ":channel") return where("not a WordPress export: <rss> holds no <channel>");
    if (depth() == 3) {
      const auto& k = at(2);
      if (k == ":item" || k == "wp:author" || k == "wp:category" || k == "wp:tag" || k == "wp:term") {
        if (auto s = send_channel(); !s) return s;
        if (k == ":item") {
          item_ = WxrItem{};
          item_.line = xmlTextReaderGetParserLineNumber(r_);
        } else if (k == "wp:author") {
          author_ = WxrAuthor{};
        } else {
          term_ = WxrTerm{};
          term_.taxonomy = k == "wp:category" ? "category" : k == "wp:tag" ? "post_tag" : "";
        }
      }
    }
    if (depth() == 4 && at(2) == ":item") {
      if (at(3) == ":category") {
        if (item_.categories.size() >= kMaxItemCategories) return where("more than 1000 categories on one item");
        item_.categories.push_back({owned(xmlTextReaderGetAttribute(r_, BAD_CAST "domain")),
                                    owned(xmlTextReaderGetAttribute(r_, BAD_CAST "nicename")), {}});
      } else if (at(3) == "wp:postmeta") {
        if (item_.meta.size() >= kMaxItemMeta) return where("more than 1000 meta fields on one item");
        item_.meta.push_back({});
      }
    }
    return {};
  }

  Status end() {
    const std::size_t d = depth();
    if (d == 3 && at(1) == ":channel") {
      const auto& k = at(2);
      if (k == ":item") {
        if (h_.item) {
          if (auto s = h_.item(item_); !s) return s;
        }
        if (h_.progress) h_.progress(bytes_(), total_);
      } else if (k == "wp:author") {
        if (h_.author) return h_.author(author_);
      } else if (k == "wp:category" || k == "wp:tag" || k == "wp:term") {
        if (h_.term) return h_.term(term_);
      } else if (k == ":title") {
        channel_.title = text_;
      } else if (k == ":link") {
        channel_.link = text_;
      } else if (k == ":language") {
        channel_.language = text_;
      } else if (k == "wp:base_site_url") {
        channel_.base_site_url = text_;
      } else if (k == "wp:wxr_version") {
        channel_.wxr_version = text_;
      }
      return {};
    }
    if (d == 2 && at(1) == ":channel") return send_channel();
    if (d == 4 && at(2) == ":item") return item_field(at(3));
    if (d == 5 && at(2) == ":item" && at(3) == "wp:postmeta" && !item_.meta.empty()) {
      if (at(4) == "wp:meta_key") item_.meta.back().key = text_;
      else if (at(4) == "wp:meta_value") item_.meta.back().value = text_;
      return {};
    }
    if (d == 4 && at(2) == "wp:author") {
      const auto& k = at(3);
      if (k == "wp:author_id") author_.id = text_;
      else if (k == "wp:author_login") author_.login = text_;
      else if (k == "wp:author_email") author_.email = text_;
      else if (k == "wp:author_display_name") author_.display_name = text_;
      else if (k == "wp:author_first_name") author_.first_name = text_;
      else if (k == "wp:author_last_name") author_.last_name = text_;
      return {};
    }
    if (d == 4 && (at(2) == "wp:category" || at(2) == "wp:tag" || at(2) == "wp:term")) {
      const auto& k = at(3);
      if (k == "wp:term_id") term_.id = text_;
      else if (k == "wp:category_nicename" || k == "wp:tag_slug" || k == "wp:term_slug") term_.slug = text_;
      else if (k == "wp:cat_name" || k == "wp:tag_name" || k == "wp:term_name") term_.name = text_;
      else if (k == "wp:category_description" || k == "wp:tag_description" || k == "wp:term_description")
        term_.description = text_;
      else if (k == "wp:term_taxonomy") term_.taxonomy = text_;
    }
    return {};
  }

  Status item_field(const std::string& k) {
    std::string* field = nullptr;
    if (k == ":title") field = &item_.title;
    else if (k == ":link") field = &item_.link;
    else if (k == ":pubDate") field = &item_.pub_date;
    else if (k == "dc:creator") field = &item_.creator;
    else if (k == ":guid") field = &item_.guid;
    else if (k == "content:encoded") field = &item_.content;
    else if (k == "excerpt:encoded") field = &item_.excerpt;
    else if (k == "wp:post_id") field = &item_.post_id;
    else if (k == "wp:post_date") field = &item_.post_date;
    else if (k == "wp:post_date_gmt") field = &item_.post_date_gmt;
    else if (k == "wp:post_name") field = &item_.post_name;
    else if (k == "wp:status") field = &item_.status;
    else if (k == "wp:post_type") field = &item_.post_type;
    else if (k == "wp:post_parent") field = &item_.post_parent;
    else if (k == "wp:menu_order") field = &item_.menu_order;
    else if (k == ":category" && !item_.categories.empty()) field = &item_.categories.back().name;
    if (field) *field = std::move(text_);
    text_.clear();
    return {};
  }

  xmlTextReader* r_;
  ErrorSink& sink_;
  const WxrHandlers& h_;
  std::function<std::uint64_t()> bytes_;
  std::uint64_t total_;
  std::vector<std::string> stack_;
  std::string text_;
  bool channel_sent_ = false;
  WxrChannel channel_;
  WxrItem item_;
  WxrAuthor author_;
  WxrTerm term_;
};

}  // namespace

Status read_wxr(const std::string& path, const WxrHandlers& handlers) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) return io_error(path + ": cannot open");
  std::uint64_t total = 0;
  if (std::fseek(file.get(), 0, SEEK_END) == 0) {
    const long size = std::ftell(file.get());
    if (size > 0) total = static_cast<std::uint64_t>(size);
    std::rewind(file.get());
  }
  {
    std::string head(64 * 1024, '\0');
    head.resize(std::fread(head.data(), 1, head.size(), file.get()));
    if (auto s = refuse_doctype(head, path); !s) return s;
    std::rewind(file.get());
  }
  FileInput input{file.get(), 0};
  std::unique_ptr<xmlTextReader, ReaderFree> reader(
      xmlReaderForIO(read_file, close_file, &input, nullptr, nullptr, kOptions));
  if (!reader) return io_error(path + ": cannot start the XML reader");
  ErrorSink sink{path, {}};
  Walker walker(reader.get(), sink, handlers, [&input] { return input.read; }, total);
  return walker.run();
}

Status read_wxr_memory(std::string_view bytes, const std::string& name, const WxrHandlers& handlers) {
  if (bytes.size() > static_cast<std::size_t>(INT32_MAX)) return invalid(name + ": too large to read from memory");
  if (auto s = refuse_doctype(bytes.substr(0, 64 * 1024), name); !s) return s;
  std::unique_ptr<xmlTextReader, ReaderFree> reader(
      xmlReaderForMemory(bytes.data(), static_cast<int>(bytes.size()), nullptr, nullptr, kOptions));
  if (!reader) return io_error(name + ": cannot start the XML reader");
  ErrorSink sink{name, {}};
  const std::uint64_t total = bytes.size();
  Walker walker(reader.get(), sink, handlers, [total] { return total; }, total);
  return walker.run();
}

}  // namespace barometer::wordpress
