// The Maildir outbox viewer (admins only; only when mail goes to DATA_DIR/maildir). The one path
// ever opened is <maildir>/new/<name>, where <name> came from that directory's own listing and is
// a plain file name: nothing a request sends becomes part of a path.
#include <algorithm>
#include <filesystem>
#include <fstream>

#include "mail/read_message.hpp"
#include "web/admin/form.hpp"
#include "web/admin/newsletter_pages.hpp"

namespace barometer::web::admin {

namespace {

namespace fs = std::filesystem;
using render::View;

constexpr std::size_t kMaxListed = 200;             // newest messages listed
constexpr std::size_t kMaxMessage = 4 << 20;        // bytes read of one message
constexpr std::size_t kMaxHeaderBytes = 64 << 10;   // bytes read for the list's headers

struct Entry {
  std::string name;
  fs::file_time_type time;
};

// Maildir names: letters, digits and . , : _ - (never / or a leading dot).
bool plain_name(std::string_view name) {
  if (name.empty() || name.size() > 255 || name.front() == '.') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == ',' ||
           c == ':' || c == '_' || c == '-';
  });
}

// The regular files of new/, newest first.
std::vector<Entry> listing(const std::string& maildir) {
  std::vector<Entry> out;
  std::error_code ec;
  for (fs::directory_iterator it(fs::path(maildir) / "new", ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code e2;
    if (!it->is_regular_file(e2)) continue;
    std::string name = it->path().filename().string();
    if (!plain_name(name)) continue;
    out.push_back({name, it->last_write_time(e2)});
  }
  std::sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) {
    return a.time != b.time ? a.time > b.time : a.name > b.name;
  });
  return out;
}

std::string read_prefix(const fs::path& path, std::size_t limit) {
  std::ifstream in(path, std::ios::binary);
  std::string data(limit, '\0');
  in.read(data.data(), static_cast<std::streamsize>(limit));
  data.resize(static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
  return data;
}

}  // namespace

Response outbox_page(const AdminDeps& deps, const AdminRequest& r) {
  if (!deps.newsletter || deps.newsletter->maildir.empty()) return error_page(deps, &r, 404, "error_not_found");
  auto entries = listing(deps.newsletter->maildir);
  View v = View::object();
  v["title"] = tr(deps, r, "outbox_title");
  v["total"] = std::to_string(entries.size());
  auto& list = v["messages"] = View::list();
  for (std::size_t i = 0; i < entries.size() && i < kMaxListed; ++i) {
    std::string head = read_prefix(fs::path(deps.newsletter->maildir) / "new" / entries[i].name, kMaxHeaderBytes);
    // Headers only: cut at the blank line so a half-read body never confuses the parser.
    if (auto end = head.find("\r\n\r\n"); end != std::string::npos) head.resize(end + 4);
    else if (auto end2 = head.find("\n\n"); end2 != std::string::npos) head.resize(end2 + 2);
    View item = View::object();
    item["file"] = entries[i].name;
    item["href"] = "/admin/newsletter/outbox/message?file=" + percent_encode(entries[i].name);
    if (auto m = mail::read_message(head)) {
      item["subject"] = m->subject;
      item["to"] = m->to;
      item["date"] = m->date;
    }
    list.push(std::move(item));
  }
  v["has_messages"] = !entries.empty();
  return render_page(deps, &r, "outbox", std::move(v));
}

Response outbox_message_page(const AdminDeps& deps, const AdminRequest& r) {
  if (!deps.newsletter || deps.newsletter->maildir.empty()) return error_page(deps, &r, 404, "error_not_found");
  std::string wanted = field(r.query, "file");
  if (!plain_name(wanted)) return error_page(deps, &r, 404, "error_not_found");
  auto entries = listing(deps.newsletter->maildir);
  auto it = std::find_if(entries.begin(), entries.end(), [&](const Entry& e) { return e.name == wanted; });
  if (it == entries.end()) return error_page(deps, &r, 404, "error_not_found");
  auto message = mail::read_message(read_prefix(fs::path(deps.newsletter->maildir) / "new" / it->name, kMaxMessage));
  if (!message) return error_page(deps, &r, 422, "outbox_unreadable");
  View v = View::object();
  v["title"] = message->subject.empty() ? it->name : message->subject;
  v["file"] = it->name;
  v["subject"] = message->subject;
  auto& headers = v["headers"] = View::list();
  for (const auto& [name, value] : message->headers) {
    View h = View::object();
    h["name"] = name;
    h["value"] = value;
    headers.push(std::move(h));
  }
  v["text"] = message->text;
  return render_page(deps, &r, "outbox_message", std::move(v));
}

}  // namespace barometer::web::admin
