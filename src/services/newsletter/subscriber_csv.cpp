#include "services/newsletter/subscriber_csv.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "domain/date.hpp"
#include "i18n/email_address.hpp"
#include "services/newsletter/newsletter_tokens.hpp"

namespace barometer::newsletter {

namespace {

bool starts_formula(std::string_view v) {
  return !v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r');
}

std::string join_ids(const std::vector<Id>& ids) {
  std::string out;
  for (Id id : ids) out += (out.empty() ? "" : " ") + std::to_string(id);
  return out;
}

// "3 1" -> {3, 1}; nullopt when a part is not a positive id.
std::optional<std::vector<Id>> split_ids(std::string_view text) {
  std::vector<Id> ids;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == ' ') {
      ++i;
      continue;
    }
    Id v = 0;
    std::size_t digits = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && digits < 15) v = v * 10 + (text[i++] - '0'), ++digits;
    if (digits == 0 || v == 0 || (i < text.size() && text[i] != ' ')) return std::nullopt;
    ids.push_back(v);
  }
  return ids;
}

}  // namespace

std::string csv_cell(std::string_view value) {
  std::string v = starts_formula(value) ? "'" + std::string(value) : std::string(value);
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char ch : v) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

std::string subscribers_to_csv(const std::vector<Subscriber>& subscribers) {
  std::string out = "email,lang,status,topic_ids,created_at,confirmed_at,consent_source\r\n";
  for (const auto& s : subscribers) {
    out += csv_cell(s.email) + "," + csv_cell(s.lang) + "," + csv_cell(to_string(s.status)) + "," +
           csv_cell(join_ids(s.topic_ids)) + "," + csv_cell(to_iso(s.created_at)) + "," +
           csv_cell(s.confirmed_at ? to_iso(*s.confirmed_at) : "") + "," + csv_cell(s.consent_source) + "\r\n";
  }
  return out;
}

Result<std::vector<std::vector<std::string>>> parse_csv(std::string_view text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  std::size_t line = 1, i = 0;
  bool any = false;  // the current row has content (so a final line without CRLF still counts)
  auto end_row = [&] {
    row.push_back(std::move(cell));
    cell.clear();
    // A blank line is no row (spreadsheets often end files with one).
    if (!(row.size() == 1 && row[0].empty())) rows.push_back(std::move(row));
    row.clear();
    any = false;
  };
  while (i < text.size()) {
    char ch = text[i];
    if (ch == '"' && cell.empty()) {
      std::size_t start_line = line;
      ++i;
      while (true) {
        if (i >= text.size()) return invalid("line " + std::to_string(start_line) + ": a quote is not closed");
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            cell += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        if (text[i] == '\n') ++line;
        cell += text[i++];
      }
      any = true;
      if (i < text.size() && text[i] != ',' && text[i] != '\r' && text[i] != '\n')
        return invalid("line " + std::to_string(line) + ": text after a closing quote");
      if (cell.empty()) cell = std::string();  // "" is an empty value
      continue;
    }
    if (ch == ',') {
      row.push_back(std::move(cell));
      cell.clear();
      any = true;
      ++i;
    } else if (ch == '\r' || ch == '\n') {
      if (ch == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      ++i;
      ++line;
      end_row();
    } else {
      cell += ch;
      any = true;
      ++i;
    }
  }
  if (any || !cell.empty()) end_row();
  return rows;
}

Result<ImportReport> import_subscribers(NewsletterStore& store, std::string_view csv, const ImportOptions& options) {
  if (!options.consented) return invalid("consent: the import needs the statement that these people consented");
  std::string_view body = csv;
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);  // a BOM from spreadsheet exports
  auto rows = parse_csv(body);
  if (!rows) return rows.error();
  if (rows->empty()) return invalid("the file is empty");
  std::map<std::string, std::size_t> column;
  for (std::size_t c = 0; c < (*rows)[0].size(); ++c) {
    std::string name = (*rows)[0][c];
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char x) { return std::tolower(x); });
    while (!name.empty() && name.back() == ' ') name.pop_back();
    column.emplace(name, c);
  }
  if (!column.count("email")) return invalid("line 1: the header names no email column");
  auto cell = [&](const std::vector<std::string>& row, const char* name) -> std::string {
    auto it = column.find(name);
    if (it == column.end() || it->second >= row.size()) return "";
    std::string v = row[it->second];
    if (v.size() > 1 && v[0] == '\'' && starts_formula(std::string_view(v).substr(1))) v.erase(0, 1);  // the guard
    return v;
  };

  ImportReport report;
  std::set<std::string> seen;
  for (std::size_t r = 1; r < rows->size(); ++r) {
    const auto& row = (*rows)[r];
    std::string raw = cell(row, "email");
    std::size_t line = r + 1;
    if (r > options.max_rows) {
      report.skipped.push_back({line, raw, "too_many"});
      continue;
    }
    auto address = parse_email_address(raw);
    if (!address) {
      report.skipped.push_back({line, raw, "invalid_email"});
      continue;
    }
    if (!seen.insert(address->ascii).second) {
      report.skipped.push_back({line, raw, "duplicate"});
      continue;
    }
    std::string status = cell(row, "status");
    if (!status.empty() && status != "confirmed") {
      report.skipped.push_back({line, raw, "status"});
      continue;
    }
    LangCode lang = cell(row, "lang");
    if (lang.empty()) lang = options.default_lang;
    if (std::find(options.languages.begin(), options.languages.end(), lang) == options.languages.end()) {
      report.skipped.push_back({line, raw, "language"});
      continue;
    }
    auto topics = split_ids(cell(row, "topic_ids"));
    Subscriber s;
    s.email = address->ascii;
    s.lang = lang;
    s.topic_ids = topics ? *topics : std::vector<Id>{};
    s.status = SubscriberStatus::confirmed;
    s.created_at = options.now;
    s.confirmed_at = options.now;
    s.consent_source = "import";
    s.manage_nonce = random_nonce();
    auto id = store.add_subscriber(s);
    if (!id) {
      if (id.code() == ErrorCode::conflict) {
        report.skipped.push_back({line, raw, "exists"});
        continue;
      }
      return id.error();
    }
    for (auto action : {ConsentAction::subscribe, ConsentAction::confirm})
      if (auto st = store.add_consent({0, *id, options.now, action, "import", ""}); !st) return st.error();
    ++report.imported;
  }
  return report;
}

}  // namespace barometer::newsletter
