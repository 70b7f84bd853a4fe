#include "services/wordpress/wordpress_import.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <optional>
#include <set>
#include <unordered_map>

#include "domain/period.hpp"
#include "domain/text.hpp"
#include "i18n/slug.hpp"
#include "render/html_to_markdown.hpp"
#include "services/history/audit.hpp"
#include "services/wordpress/php_unserialize.hpp"
#include "services/wordpress/wxr_reader.hpp"

namespace barometer::wordpress {
namespace {

constexpr std::size_t kMaxLeadBytes = 600;

// "2022-03-06 10:00:00" (WordPress's own); nullopt for "0000-00-00 …" (never published) or junk.
std::optional<Date> parse_wp_date(std::string_view s) {
  int y = 0;
  unsigned m = 0, d = 0;
  if (s.size() < 10 || std::sscanf(std::string(s.substr(0, 10)).c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3) return std::nullopt;
  if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  const auto ymd = std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  if (!ymd.ok()) return std::nullopt;
  return Date{ymd};
}

// The time of day of "2022-03-06 10:00:00", in seconds; 0 when absent.
long wp_seconds(std::string_view s) {
  unsigned hh = 0, mm = 0, ss = 0;
  if (s.size() < 19 || std::sscanf(std::string(s.substr(11, 8)).c_str(), "%2u:%2u:%2u", &hh, &mm, &ss) != 3) return 0;
  if (hh > 23 || mm > 59 || ss > 60) return 0;
  return static_cast<long>(hh * 3600 + mm * 60 + ss);
}

// RFC 822 "Sun, 06 Mar 2022 10:00:00 +0000": the date only (the week does not need the zone).
std::optional<Date> parse_rfc822_date(std::string_view s) {
  if (auto comma = s.find(','); comma != std::string_view::npos) s.remove_prefix(comma + 1);
  unsigned d = 0;
  char mon[4] = {};
  int y = 0;
  if (std::sscanf(std::string(s).c_str(), " %2u %3s %4d", &d, mon, &y) != 3) return std::nullopt;
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (unsigned m = 0; m < 12; ++m) {
    if (std::strcmp(mon, kMonths[m]) != 0) continue;
    const auto ymd = std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{m + 1}, std::chrono::day{d}};
    if (!ymd.ok() || y < 1900) return std::nullopt;
    return Date{ymd};
  }
  return std::nullopt;
}

// The path (and query) of a permalink: "https://old.org/2022/03/06/x/?a=1#c" -> "/2022/03/06/x/?a=1".
std::string path_of(std::string_view link) {
  auto scheme = link.find("://");
  if (scheme == std::string_view::npos) return {};
  auto slash = link.find('/', scheme + 3);
  if (slash == std::string_view::npos) return {};
  std::string_view rest = link.substr(slash);
  if (auto hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  if (rest.size() > 2000 || rest.starts_with("//")) return {};
  for (char c : rest)
    if (static_cast<unsigned char>(c) <= 0x20 || c == '\\') return {};
  return std::string(rest);
}

std::string lang_of_code(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c == '-' || c == '_') break;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::string json_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\', out += c;
    else if (static_cast<unsigned char>(c) < 0x20) out += ' ';
    else out += c;
  }
  return out;
}

// Whatever stops the transaction on purpose: a dry run that finished.
constexpr const char* kDryRunDone = "dry run: rolled back";

class Importer {
 public:
  Importer(Facets& tx, const Clock& clock, const WordPressImportOptions& options, WordPressImportReport& report)
      : tx_(tx), clock_(clock), options_(options), report_(report) {}

  Status load() {
    auto site = tx_.content.load_site();
    if (!site) {
      if (site.code() == ErrorCode::not_found) return not_found("the database holds no site yet: run `barometer init` first");
      return site.error();
    }
    site_ = std::move(*site);
    auto topics = tx_.content.list_topics();
    if (!topics) return topics.error();
    topics_.assign(topics->begin(), topics->end());
    auto pages = tx_.content.list_pages();
    if (!pages) return pages.error();
    for (auto& p : *pages) pages_[p.id] = std::move(p);
    return {};
  }

  WxrHandlers handlers() {
    WxrHandlers h;
    h.channel = [this](const WxrChannel& c) { return channel(c); };
    h.author = [this](const WxrAuthor& a) {
      if (!a.login.empty()) wp_authors_[a.login] = a;
      return Status{};
    };
    h.term = [this](const WxrTerm& t) { return term(t); };
    h.item = [this](const WxrItem& i) { return item(i); };
    h.progress = options_.progress;
    return h;
  }

  Status finish() {
    std::string subject = "wordpress:" + std::filesystem::path(options_.file).filename().string();
    return history::add_audit(tx_.history, history::Actor::system("import"), clock_.now(), "site.import", subject,
                              report_.counts_json());
  }

 private:
  Status channel(const WxrChannel& c) {
    std::string site = !c.base_site_url.empty() ? c.base_site_url : c.link;
    while (site.ends_with("/")) site.pop_back();
    if (site.empty()) site = "unknown";
    report_.source = "wordpress:" + site;
    channel_lang_ = lang_of_code(c.language);
    return {};
  }

  Status term(const WxrTerm& t) {
    if (t.taxonomy == "post_translations") {
      auto pairs = php_string_pairs(t.description);
      if (!pairs) {
        note("translation group " + t.slug + ": unreadable description, its posts are grouped by their own category");
        return {};
      }
      for (const auto& [lang, post_id] : *pairs)
        if (!post_id.empty()) group_of_post_["pll:" + post_id] = "pll:" + t.slug;
      return {};
    }
    if (t.taxonomy != "category" && t.taxonomy != "post_tag") return {};
    const std::string label = std::string(t.taxonomy == "category" ? "category" : "tag") + " \"" + t.name + "\"";
    if (auto topic = topic_for(t.name, t.slug)) report_.mapping[label] = "topic " + topic->slug;
    else if (auto a = assessment_for(t.name, t.slug)) report_.mapping[label] = "assessment " + std::string(to_string(*a));
    else report_.unmapped.push_back(label);
    return {};
  }

  const Topic* topic_for(std::string_view name, std::string_view slug) const {
    for (const auto& key : {fold_term(name), fold_term(slug)}) {
      if (key.empty()) continue;
      if (auto it = options_.map.topics.find(key); it != options_.map.topics.end()) {
        for (const auto& t : topics_)
          if (t.slug == it->second) return &t;
        return nullptr;  // mapped to a topic this site lacks: reported as unmapped
      }
    }
    for (const auto& t : topics_) {
      if (!slug.empty() && t.slug == slug) return &t;
      for (const auto& [lang, text] : t.text)
        if (!name.empty() && fold_term(text.name) == fold_term(name)) return &t;
    }
    return nullptr;
  }

  std::optional<Assessment> assessment_for(std::string_view name, std::string_view slug) const {
    for (const auto& key : {fold_term(name), fold_term(slug)})
      if (auto it = options_.map.assessments.find(key); !key.empty() && it != options_.map.assessments.end())
        return it->second;
    if (auto a = assessment_from_words(fold_term(name))) return a;
    std::string s = fold_term(slug);
    std::replace(s.begin(), s.end(), '-', ' ');
    return assessment_from_words(s);
  }

  void note(std::string line) {
    if (report_.notes.size() < options_.max_notes) report_.notes.push_back(std::move(line));
    else ++report_.notes_left_off;
  }
  void skip(const WxrItem& i, const std::string& why, bool with_note = true) {
    ++report_.skipped;
    ++report_.skipped_why[why];
    if (with_note) note(label(i) + ": skipped, " + why);
  }
  static std::string label(const WxrItem& i) {
    return "post " + (i.post_id.empty() ? std::string("?") : i.post_id) + " (line " + std::to_string(i.line) + ")";
  }

  static std::string meta(const WxrItem& i, std::string_view key) {
    for (const auto& m : i.meta)
      if (m.key == key) return m.value;
    return {};
  }
  static std::string category(const WxrItem& i, std::string_view domain) {
    for (const auto& c : i.categories)
      if (c.domain == domain) return c.nicename.empty() ? c.name : c.nicename;
    return {};
  }

  std::string language_of(const WxrItem& i) const {
    std::string lang = category(i, "language");
    if (lang.empty()) lang = meta(i, "_wpml_import_language_code");
    if (lang.empty()) lang = meta(i, "_wpml_language");
    if (lang.empty()) lang = channel_lang_;
    lang = lang_of_code(lang);
    if (lang.empty()) lang = site_.default_language().code;
    return lang;
  }

  std::string group_of(const WxrItem& i) const {
    if (auto pll = category(i, "post_translations"); !pll.empty()) return "pll:" + pll;
    if (auto it = group_of_post_.find("pll:" + i.post_id); it != group_of_post_.end()) return it->second;
    if (auto wpml = meta(i, "_wpml_import_translation_group"); !wpml.empty()) return "wpml:" + wpml;
    return "post:" + i.post_id;
  }

  // The slug WordPress gave (percent-decoded) when it is one of ours, else one made from it or the title.
  static std::string slug_of(const WxrItem& i) {
    std::string decoded = percent_decode(i.post_name).value_or(i.post_name);
    if (is_valid_slug(decoded)) return decoded;
    std::string made = slugify(decoded.empty() ? i.title : decoded);
    if (made.empty()) made = slugify(i.title);
    if (made.empty()) made = "post-" + slugify(i.post_id);
    return made;
  }

  Status item(const WxrItem& i) {
    const bool is_post = i.post_type == "post";
    const bool is_page = i.post_type == "page";
    if (!is_post && !is_page) {
      skip(i, "post type " + (i.post_type.empty() ? std::string("(none)") : i.post_type), false);
      return {};
    }
    if (i.post_id.empty() || i.post_id.size() > 40) {
      skip(i, "no post id");
      return {};
    }
    const std::string kind = is_post ? "commentary" : "page";
    const std::string group = group_of(i);
    auto seen = tx_.imports.find_imported(report_.source, kind, i.post_id);
    if (!seen) return seen.error();
    if (*seen) {
      ++report_.already_imported;
      group_target_[kind + "|" + group] = (*seen)->target_id;
      return {};
    }
    std::optional<CommentaryStatus> status;
    if (i.status == "publish") status = CommentaryStatus::published;
    else if (i.status == "future") status = CommentaryStatus::scheduled;
    else if (i.status == "draft" || i.status == "pending") status = CommentaryStatus::draft;
    if (!status) {
      skip(i, "status " + (i.status.empty() ? std::string("(none)") : i.status), false);
      return {};
    }
    const std::string lang = language_of(i);
    if (!site_.language(lang)) {
      skip(i, "language " + lang + " is not one of the site's");
      return {};
    }
    if (i.title.empty() || utf8_length(i.title) > 500) {
      skip(i, i.title.empty() ? "no title" : "title longer than 500 characters");
      return {};
    }
    auto body = render::html_to_markdown(i.content);
    if (!body.dropped.empty()) {
      ++report_.conversions_with_drops;
      std::string what;
      for (const auto& d : body.dropped) what += (what.empty() ? "" : ", ") + d;
      note(label(i) + ": dropped from the body: " + what);
    }
    if (is_page) return page(i, *status, lang, group, std::move(body.markdown));
    return commentary(i, *status, lang, group, std::move(body.markdown));
  }

  Result<Id> author_for(const WxrItem& i) {
    const std::string login = i.creator;
    if (login.empty()) return Id{0};
    if (auto it = author_ids_.find(login); it != author_ids_.end()) return it->second;
    auto seen = tx_.imports.find_imported(report_.source, "author", login);
    if (!seen) return seen.error();
    if (*seen) return author_ids_[login] = (*seen)->target_id;
    const auto wp = wp_authors_.find(login);
    std::string name = wp != wp_authors_.end() ? wp->second.display_name : "";
    if (name.empty() && wp != wp_authors_.end())
      name = wp->second.first_name + (wp->second.last_name.empty() ? "" : " " + wp->second.last_name);
    if (name.empty() || name == " ") name = login;
    std::string slug = slugify(login);
    if (slug.empty()) slug = slugify(name);
    if (slug.empty()) return Id{0};
    Id id = 0;
    if (auto existing = tx_.content.find_author(slug)) {
      id = existing->id;  // the same analyst already here: reused, not doubled
    } else if (existing.code() == ErrorCode::not_found) {
      Author a;
      a.slug = slug;
      for (const auto& l : site_.languages) a.text[l.code] = AuthorText{name, ""};
      auto added = tx_.content.add_author(a);
      if (!added) return added.error();
      id = *added;
      ++report_.authors;
    } else {
      return existing.error();
    }
    auto recorded = tx_.imports.record_imported({report_.source, "author", login, id, "", clock_.now()});
    if (!recorded) return recorded.error();
    return author_ids_[login] = id;
  }

  std::optional<Date> date_of(const WxrItem& i) const {
    if (auto d = parse_wp_date(i.post_date_gmt)) return d;
    if (auto d = parse_rfc822_date(i.pub_date)) return d;
    return parse_wp_date(i.post_date);
  }

  Instant instant_of(const WxrItem& i, Date d) const {
    const long secs = parse_wp_date(i.post_date_gmt) ? wp_seconds(i.post_date_gmt) : wp_seconds(i.post_date);
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::sys_seconds(d) + std::chrono::seconds(secs));
  }

  Status commentary(const WxrItem& i, CommentaryStatus status, const std::string& lang, const std::string& group,
                    std::string markdown) {
    Translation t;
    t.title = i.title;
    t.body = std::move(markdown);
    t.lead = std::string(utf8_prefix(render::html_to_text(i.excerpt), kMaxLeadBytes));
    t.slug = slug_of(i);

    const std::string key = "commentary|" + group;
    if (auto it = group_target_.find(key); it != group_target_.end()) {
      auto c = tx_.content.get_commentary(it->second);
      if (!c) return c.error();
      if (c->translations.count(lang)) {
        skip(i, "its group already has a translation in " + lang);
        return {};
      }
      auto saved = save_translation(*c, lang, t, i);
      if (!saved) return saved;
      if (c->translations.count(lang) == 0) return {};  // reported by save_translation
      ++report_.commentary_translations;
      return imported(i, "commentary", c->id, lang, commentary_path(*c, lang), c->status);
    }

    const Topic* topic = nullptr;
    std::optional<Assessment> assessment;
    for (const auto& cat : i.categories) {
      if (cat.domain != "category" && cat.domain != "post_tag") continue;
      if (!topic) topic = topic_for(cat.name, cat.nicename);
      if (!assessment) assessment = assessment_for(cat.name, cat.nicename);
    }
    if (!topic && options_.map.create_topics) {
      auto created = create_topic(i);
      if (!created) return created.error();
      topic = *created;
    }
    if (!topic) {
      skip(i, "no category or tag maps to a topic");
      return {};
    }
    if (!assessment) assessment = options_.map.default_assessment;
    if (!assessment) {
      skip(i, "no category or tag gives the assessment (set [options] default_assessment)");
      return {};
    }
    const auto date = date_of(i);
    if (!date) {
      skip(i, "no date");
      return {};
    }
    Commentary c;
    c.topic_id = topic->id;
    c.period = Period::containing(*date);
    c.assessment = *assessment;
    c.status = status;
    if (status != CommentaryStatus::draft) c.published_at = instant_of(i, *date);
    c.updated_at = clock_.now();
    auto author = author_for(i);
    if (!author) return author.error();
    if (*author) c.author_ids.push_back(*author);

    CommentaryFilter same;
    same.topic_id = topic->id;
    same.period = c.period;
    same.published_only = false;
    same.limit = 1;
    auto there = tx_.content.find_commentaries(same);
    if (!there) return there.error();
    if (!there->empty()) {
      ++report_.duplicates;
      note(label(i) + ": duplicate, not merged: topic " + topic->slug + " already has commentary #" +
           std::to_string(there->front().id) + " for " + c.period.id());
      return {};
    }
    c.translations[lang] = t;
    auto added = tx_.content.add_commentary(c);
    if (!added && added.code() == ErrorCode::conflict) {
      c.translations[lang].slug = unique_slug(t.slug, i.post_id);  // the slug is taken in this topic
      added = tx_.content.add_commentary(c);
    }
    if (!added) {
      if (added.code() != ErrorCode::invalid && added.code() != ErrorCode::conflict) return added.error();
      skip(i, "refused: " + added.error().message);
      return {};
    }
    c.id = *added;
    ++report_.commentaries;
    group_target_[key] = c.id;
    return imported(i, "commentary", c.id, lang, commentary_path(c, lang), c.status);
  }

  // The post's first category that names no assessment, as a new topic (create_topics).
  Result<const Topic*> create_topic(const WxrItem& i) {
    for (const auto& cat : i.categories) {
      if (cat.domain != "category" || assessment_for(cat.name, cat.nicename)) continue;
      std::string slug = slugify(percent_decode(cat.nicename).value_or(cat.nicename));
      if (slug.empty()) slug = slugify(cat.name);
      if (slug.empty() || cat.name.empty()) continue;
      Topic t;
      t.slug = slug;
      t.position = static_cast<int>(topics_.size()) + 1;
      t.text[site_.default_language().code] = TopicText{cat.name, ""};
      auto added = tx_.content.add_topic(t);
      if (!added) return added.error();
      t.id = *added;
      ++report_.topics;
      report_.mapping["category \"" + cat.name + "\""] = "topic " + slug + " (new)";
      topics_.push_back(std::move(t));
      return &topics_.back();
    }
    return static_cast<const Topic*>(nullptr);
  }

  static std::string unique_slug(const std::string& slug, const std::string& post_id) {
    std::string suffix = "-" + slugify(post_id);
    return std::string(utf8_prefix(slug, 200 - suffix.size())) + suffix;
  }

  Status save_translation(Commentary& c, const std::string& lang, Translation t, const WxrItem& i) {
    c.translations[lang] = t;
    auto s = tx_.content.update_commentary(c);
    if (!s && s.code() == ErrorCode::conflict) {
      c.translations[lang].slug = unique_slug(t.slug, i.post_id);
      s = tx_.content.update_commentary(c);
    }
    if (!s) {
      c.translations.erase(lang);
      if (s.code() != ErrorCode::invalid && s.code() != ErrorCode::conflict) return s;
      skip(i, "refused: " + s.error().message);
    }
    return {};
  }

  std::string commentary_path(const Commentary& c, const std::string& lang) const {
    for (const auto& t : topics_)
      if (t.id == c.topic_id) return "/" + lang + "/topics/" + t.slug + "/" + c.translations.at(lang).slug + "/";
    return {};
  }

  Status page(const WxrItem& i, CommentaryStatus status, const std::string& lang, const std::string& group,
              std::string markdown) {
    PageText text{slug_of(i), i.title, std::move(markdown)};
    const std::string key = "page|" + group;
    Page* p = nullptr;
    if (auto it = group_target_.find(key); it != group_target_.end())
      if (auto found = pages_.find(it->second); found != pages_.end()) p = &found->second;
    if (p) {
      if (p->text.count(lang)) {
        skip(i, "its group already has a translation in " + lang);
        return {};
      }
      p->text[lang] = text;
      auto s = tx_.content.update_page(*p);
      if (!s && s.code() == ErrorCode::conflict) {
        p->text[lang].slug = unique_slug(text.slug, i.post_id);
        s = tx_.content.update_page(*p);
      }
      if (!s) {
        p->text.erase(lang);
        if (s.code() != ErrorCode::invalid && s.code() != ErrorCode::conflict) return s;
        skip(i, "refused: " + s.error().message);
        return {};
      }
      ++report_.page_translations;
      return imported(i, "page", p->id, lang, "/" + lang + "/" + p->text[lang].slug + "/", status);
    }
    Page page;
    page.key = unique_slug("wp", i.post_id);
    page.position = static_cast<int>(pages_.size()) + 1;
    page.text[lang] = text;
    auto added = tx_.content.add_page(page);
    if (!added && added.code() == ErrorCode::conflict) {
      page.text[lang].slug = unique_slug(text.slug, i.post_id);
      added = tx_.content.add_page(page);
    }
    if (!added) {
      if (added.code() != ErrorCode::invalid && added.code() != ErrorCode::conflict) return added.error();
      skip(i, "refused: " + added.error().message);
      return {};
    }
    page.id = *added;
    ++report_.pages;
    group_target_[key] = page.id;
    const std::string target = "/" + lang + "/" + page.text[lang].slug + "/";
    pages_[page.id] = std::move(page);
    return imported(i, "page", *added, lang, target, status);
  }

  // Records the post and, when it was public, its old path's redirect.
  Status imported(const WxrItem& i, const std::string& kind, Id id, const std::string& lang, const std::string& target,
                  CommentaryStatus status) {
    auto recorded = tx_.imports.record_imported({report_.source, kind, i.post_id, id, lang, clock_.now()});
    if (!recorded) return recorded.error();
    if (i.status != "publish" || status != CommentaryStatus::published || target.empty()) return {};
    const std::string old = path_of(i.link);
    if (old.empty() || old == "/" || old == target) return {};
    auto added = tx_.imports.add_redirect({old, target, report_.source, clock_.now()});
    if (!added) {
      if (added.code() != ErrorCode::invalid) return added.error();
      note(label(i) + ": no redirect: " + added.error().message);
      return {};
    }
    if (*added) ++report_.redirects;
    else note(label(i) + ": no redirect: " + old + " already answers elsewhere");
    return {};
  }

  Facets& tx_;
  const Clock& clock_;
  const WordPressImportOptions& options_;
  WordPressImportReport& report_;
  Site site_;
  std::deque<Topic> topics_;  // a deque: pointers to topics stay valid as new ones are added
  std::unordered_map<Id, Page> pages_;
  std::string channel_lang_;
  std::unordered_map<std::string, WxrAuthor> wp_authors_;
  std::unordered_map<std::string, Id> author_ids_;
  std::unordered_map<std::string, std::string> group_of_post_;  // "pll:<post id>" -> group
  std::unordered_map<std::string, Id> group_target_;            // "<kind>|<group>" -> our id
};

}  // namespace

std::string WordPressImportReport::counts_json() const {
  std::string s = "{";
  auto add = [&](const char* k, long long v) { s += (s.size() > 1 ? "," : "") + std::string("\"") + k + "\":" + std::to_string(v); };
  add("topics", topics);
  add("commentaries", commentaries);
  add("commentary_translations", commentary_translations);
  add("pages", pages);
  add("page_translations", page_translations);
  add("authors", authors);
  add("redirects", redirects);
  add("already_imported", already_imported);
  add("duplicates", duplicates);
  add("skipped", skipped);
  s += ",\"source\":\"" + json_escape(source) + "\"}";
  return s;
}

Result<WordPressImportReport> import_wordpress(Database& db, const Clock& clock, const WordPressImportOptions& options) {
  if (options.file.empty()) return invalid("no export file given");
  WordPressImportReport report;
  report.dry_run = options.dry_run;
  bool finished = false;
  Status s = db.transact([&](Facets& tx) -> Status {
    report = WordPressImportReport{};  // a retried transaction starts over
    report.dry_run = options.dry_run;
    Importer importer(tx, clock, options, report);
    if (auto loaded = importer.load(); !loaded) return loaded;
    if (auto read = read_wxr(options.file, importer.handlers()); !read) return read;
    if (auto audited = importer.finish(); !audited) return audited;
    finished = true;
    if (options.dry_run) return Error{ErrorCode::conflict, kDryRunDone};
    return {};
  });
  if (!s && !(options.dry_run && finished && s.error().message == kDryRunDone)) return s.error();
  return report;
}

}  // namespace barometer::wordpress
