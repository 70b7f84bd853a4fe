// ConnectionStore: transactions, site and languages, topics, authors and pages.
// Commentaries are in connection_store_commentaries.cpp.
#include <map>

#include "storage/postgres/connection_store.hpp"
#include "storage/postgres/try.hpp"

namespace barometer::postgres {

using storage::KnownLanguages;
using Mode = Transaction::Mode;

Status ConnectionStore::transact(const std::function<Status(Store& tx)>& work) {
  auto tx = Transaction::begin(c_, Mode::write);
  if (!tx) return tx.error();
  // If work throws, the guard's destructor rolls back while the exception propagates.
  BAROMETER_TRY(work(*this));
  return tx->commit();
}

Result<KnownLanguages> ConnectionStore::known_languages() {
  auto st = c_.prepare("SELECT code FROM languages");
  if (!st) return st.error();
  KnownLanguages codes;
  for (;;) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return codes;
    codes.insert(st->text(0));
  }
}

// --- Site

Result<Site> ConnectionStore::load_site() {
  auto tx = Transaction::begin(c_, Mode::read);
  if (!tx) return tx.error();
  Site site;
  {
    auto st = c_.prepare("SELECT base_url, time_zone FROM site WHERE id = 1");
    if (!st) return st.error();
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return not_found("the site has not been set up");
    site.base_url = st->text(0);
    site.time_zone = st->text(1);
  }
  {
    auto st = c_.prepare("SELECT code, name, icu_locale FROM languages ORDER BY position, code COLLATE \"C\"");
    if (!st) return st.error();
    for (;;) {
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) break;
      site.languages.push_back(Language{st->text(0), st->text(1), st->text(2)});
    }
  }
  auto st = c_.prepare("SELECT lang, name, subject FROM site_texts");
  if (!st) return st.error();
  for (;;) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) break;
    if (auto name = st->text(1); !name.empty()) site.name[st->text(0)] = name;
    if (auto subject = st->text(2); !subject.empty()) site.subject[st->text(0)] = subject;
  }
  return site;
}

Status ConnectionStore::save_site(const Site& site) {
  BAROMETER_TRY(storage::validate_site(site));
  auto tx = Transaction::begin(c_, Mode::write);
  if (!tx) return tx.error();
  {
    auto st = c_.prepare(
        "INSERT INTO site (id, base_url, time_zone) VALUES (1, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET base_url = excluded.base_url, time_zone = excluded.time_zone");
    if (!st) return st.error();
    BAROMETER_TRY(st->bind(1, site.base_url).bind(2, site.time_zone).run());
  }
  BAROMETER_TRY(c_.exec("DELETE FROM site_texts"));
  std::string codes = "{";
  for (std::size_t i = 0; i < site.languages.size(); ++i) {
    const auto& l = site.languages[i];
    auto st = c_.prepare(
        "INSERT INTO languages (code, position, name, icu_locale) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (code) DO UPDATE SET position = excluded.position, name = excluded.name, "
        "icu_locale = excluded.icu_locale");
    if (!st) return st.error();
    BAROMETER_TRY(st->bind(1, l.code).bind(2, static_cast<int>(i)).bind(3, l.name).bind(4, l.icu_locale).run());
    codes += (i ? ",\"" : "\"") + l.code + "\"";  // codes are [A-Za-z0-9-], safe in an array literal
  }
  codes += "}";
  {
    // Languages dropped from the list go, unless content still uses them (foreign keys).
    auto st = c_.prepare("DELETE FROM languages WHERE code <> ALL (?::text[])");
    if (!st) return st.error();
    if (auto s = st->bind(1, codes).run(); !s) {
      if (s.code() == ErrorCode::conflict)
        return conflict("languages: cannot remove a language that topics, authors, pages or commentaries still use");
      return s;
    }
  }
  for (const auto& l : site.languages) {
    auto name = site.name.find(l.code);
    auto subject = site.subject.find(l.code);
    if (name == site.name.end() && subject == site.subject.end()) continue;
    auto st = c_.prepare("INSERT INTO site_texts (lang, name, subject) VALUES (?, ?, ?)");
    if (!st) return st.error();
    st->bind(1, l.code)
        .bind(2, name == site.name.end() ? std::string{} : name->second)
        .bind(3, subject == site.subject.end() ? std::string{} : subject->second);
    BAROMETER_TRY(st->run());
  }
  return tx->commit();
}

// --- Topics

Result<std::vector<Topic>> ConnectionStore::select_topics(std::string_view where, std::string_view key) {
  auto tx = Transaction::begin(c_, Mode::read);
  if (!tx) return tx.error();
  std::vector<Topic> topics;
  std::map<Id, std::size_t> index;
  {
    auto st = c_.prepare("SELECT id, slug, position FROM topics " + std::string(where) + " ORDER BY position, id");
    if (!st) return st.error();
    if (!where.empty()) st->bind(1, key);
    for (;;) {
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) break;
      index[st->int64(0)] = topics.size();
      topics.push_back(Topic{st->int64(0), st->text(1), st->int32(2), {}});
    }
  }
  auto st = c_.prepare("SELECT topic_id, lang, name, description FROM topic_texts WHERE topic_id IN "
                       "(SELECT id FROM topics " + std::string(where) + ")");
  if (!st) return st.error();
  if (!where.empty()) st->bind(1, key);
  for (;;) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) break;
    auto it = index.find(st->int64(0));
    if (it != index.end()) topics[it->second].text[st->text(1)] = TopicText{st->text(2), st->text(3)};
  }
  return topics;
}

Result<std::vector<Topic>> ConnectionStore::list_topics() { return select_topics("", ""); }

Result<Topic> ConnectionStore::find_topic(std::string_view slug) {
  auto topics = select_topics("WHERE slug = ?", slug);
  if (!topics) return topics.error();
  if (topics->empty()) return not_found("no topic with slug \"" + std::string(slug) + "\"");
  return std::move(topics->front());
}

Status ConnectionStore::write_topic_texts(Id id, const Topic& topic) {
  auto del = c_.prepare("DELETE FROM topic_texts WHERE topic_id = ?");
  if (!del) return del.error();
  BAROMETER_TRY(del->bind(1, id).run());
  for (const auto& [lang, text] : topic.text) {
    auto st = c_.prepare("INSERT INTO topic_texts (topic_id, lang, name, description) VALUES (?, ?, ?, ?)");
    if (!st) return st.error();
    BAROMETER_TRY(st->bind(1, id).bind(2, lang).bind(3, text.name).bind(4, text.description).run());
  }
  return {};
}

Result<Id> ConnectionStore::add_topic(const Topic& topic) {
  auto languages = known_languages();
  if (!languages) return languages.error();
  BAROMETER_TRY(storage::validate_topic(topic, *languages));
  auto tx = Transaction::begin(c_, Mode::write);
  if (!tx) return tx.error();
  auto st = c_.prepare("INSERT INTO topics (slug, position) VALUES (?, ?) RETURNING id");
  if (!st) return st.error();
  auto inserted = st->bind(1, topic.slug).bind(2, topic.position).step();
  if (!inserted) {
    if (inserted.code() == ErrorCode::conflict) return conflict("slug: a topic \"" + topic.slug + "\" already exists");
    return inserted.error();
  }
  Id id = st->int64(0);
  BAROMETER_TRY(write_topic_texts(id, topic));
  BAROMETER_TRY(tx->commit());
  return id;
}

Status ConnectionStore::update_topic(const Topic& topic) {
  auto languages = known_languages();
  if (!languages) return languages.error();
  BAROMETER_TRY(storage::validate_topic(topic, *languages));
  auto tx = Transaction::begin(c_, Mode::write);
  if (!tx) return tx.error();
  auto st = c_.prepare("UPDATE topics SET slug = ?, position = ? WHERE id = ?");
  if (!st) return st.error();
  if (auto s = st->bind(1, topic.slug).bind(2, topic.position).bind(3, topic.id).run(); !s) {
    if (s.code() == ErrorCode::conflict) return conflict("slug: a topic \"" + topic.slug + "\" already exists");
    return s;
  }
  if (st->affected() == 0) return not_found("no topic with id " + std::to_string(topic.id));
  BAROMETER_TRY(write_topic_texts(topic.id, topic));
  return tx->commit();
}

// --- Authors

Result<std::vector<Author>> ConnectionStore::select_authors(std::string_view where, std::string_view key) {
  auto tx = Transaction::begin(c_, Mode::read);
  if (!tx) return tx.error();
  std::vector<Author> authors;
  std::map<Id, std::size_t> index;
  {
    auto st = c_.prepare("SELECT id, slug FROM authors " + std::string(where) + " ORDER BY slug COLLATE \"C\"");
    if (!st) return st.error();
    if (!where.empty()) st->bind(1, key);
    for (;;) {
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) break;
      index[st->int64(0)] = authors.size();
      authors.push_back(Author{st->int64(0), st->text(1), {}});
    }
  }
  auto st = c_.prepare("SELECT author_id, lang, name, bio FROM author_texts WHERE author_id IN "
                       "(SELECT id FROM authors " + std::string(where) + ")");
  if (!st) return st.error();
  if (!where.empty()) st->bind(1, key);
  for (;;) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) break;
    auto it = index.find(st->int64(0));
    if (it != index.end()) authors[it->second].text[st->text(1)] = AuthorText{st->text(2), st->text(3)};
  }
  return authors;
}

Result<std::vector<Author>> ConnectionStore::list_authors() { return select_authors("", ""); }

Result<Author> ConnectionStore::find_author(std::string_view slug) {
  auto authors = select_authors("WHERE slug = ?", slug);
  if (!authors) return authors.error();
  if (authors->empty()) return not_found("no author with slug \"" + std::string(slug) + "\"");
  return std::move(authors->front());
}

Status ConnectionStore::write_author_texts(Id id, const Author& author) {
  auto del = c_.prepare("DELETE FROM author_texts WHERE author_id = ?");
  if (!del) return del.error();
  BAROMETER_TRY(del->bind(1, id).run());
  for (const auto& [lang, text] : author.text) {
    auto st = c_.prepare("INSERT INTO author_texts (author_id, lang, name, bio) VALUES (?, ?, ?, ?)");
    if (!st) return st.error();
    BAROMETER_TRY(st->bind(1, id).bind(2, lang).bind(3, text.name).bind(4, text.bio).run());
  }
  return {};
}

Result<Id> ConnectionStore::add_author(const Author& author) {
  auto languages = known_languages();
  if (!languages) return languages.error();
  BAROMETER_TRY(storage::validate_author(author, *languages));
  auto tx = Transaction::begin(c_, Mode::write);
  if (!tx) return tx.error();
  auto st = c_.prepare("INSERT INTO authors (slug) VALUES (?) RETURNING id");
  if (!st) return st.error();
  auto inserted = st->bind(1, author.slug).step();
  if (!inserted) {
    if (inserted.code() == ErrorCode::conflict) return conflict("slug: an author \"" + author.slug + "\" already exists");
    return inserted.error();
  }
  Id id = st->int64(0);
  BAROMETER_TRY(write_author_texts(id, author));
  BAROMETER_TRY(tx->commit());
  return id;
}

Status ConnectionStore::update_author(const Author& author) {
  auto languages = known_languages();
  if (!languages) return languages.error();
  BAROMETER_TRY(storage::validate_author(author, *languages));
  auto tx = Transaction::begin(c_, Mode::write);
  if (!tx) return tx.error();
  auto st = c_.prepare("UPDATE authors SET slug = ? WHERE id = ?");
  if (!st) return st.error();
  if (auto s = st->bind(1, author.slug).bind(2, author.id).run(); !s) {
    if (s.code() == ErrorCode::conflict) return conflict("slug: an author \"" + author.slug + "\" already exists");
    return s;
  }
  if (st->affected() == 0) return not_found("no author with id " + std::to_string(author.id));
  BAROMETER_TRY(write_author_texts(author.id, author));
  return tx->commit();
}

// --- Pages

Result<std::vector<Page>> ConnectionStore::select_pages(std::string_view where, Id key) {
  auto tx = Transaction::begin(c_, Mode::read);
  if (!tx) return tx.error();
  std::vector<Page> pages;
  std::map<Id, std::size_t> index;
  {
    auto st = c_.prepare("SELECT id, key, position FROM pages " + std::string(where) + " ORDER BY position, id");
    if (!st) return st.error();
    if (!where.empty()) st->bind(1, key);
    for (;;) {
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) break;
      index[st->int64(0)] = pages.size();
      pages.push_back(Page{st->int64(0), st->text(1), st->int32(2), {}});
    }
  }
  auto st = c_.prepare("SELECT page_id, lang, slug, title, body FROM page_texts WHERE page_id IN "
                       "(SELECT id FROM pages " + std::string(where) + ")");
  if (!st) return st.error();
  if (!where.empty()) st->bind(1, key);
  for (;;) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) break;
    auto it = index.find(st->int64(0));
    if (it != index.end()) pages[it->second].text[st->text(1)] = PageText{st->text(2), st->text(3), st->text(4)};
  }
  return pages;
}

Result<std::vector<Page>> ConnectionStore::list_pages() { return select_pages("", 0); }

Result<Page> ConnectionStore::find_page(const LangCode& lang, std::string_view slug) {
  auto tx = Transaction::begin(c_, Mode::read);
  if (!tx) return tx.error();
  Id id = 0;
  {
    auto st = c_.prepare("SELECT page_id FROM page_texts WHERE lang = ? AND slug = ?");
    if (!st) return st.error();
    auto row = st->bind(1, lang).bind(2, slug).step();
    if (!row) return row.error();
    if (!*row) return not_found("no page \"" + std::string(slug) + "\" in language \"" + lang + "\"");
    id = st->int64(0);
  }
  auto pages = select_pages("WHERE id = ?", id);
  if (!pages) return pages.error();
  if (pages->empty()) return not_found("page disappeared");
  return std::move(pages->front());
}

Status ConnectionStore::write_page_texts(Id id, const Page& page) {
  auto del = c_.prepare("DELETE FROM page_texts WHERE page_id = ?");
  if (!del) return del.error();
  BAROMETER_TRY(del->bind(1, id).run());
  for (const auto& [lang, text] : page.text) {
    auto st = c_.prepare("INSERT INTO page_texts (page_id, lang, slug, title, body) VALUES (?, ?, ?, ?, ?)");
    if (!st) return st.error();
    if (auto s = st->bind(1, id).bind(2, lang).bind(3, text.slug).bind(4, text.title).bind(5, text.body).run(); !s) {
      if (s.code() == ErrorCode::conflict)
        return conflict("text[" + lang + "].slug: \"" + text.slug + "\" is already used by another page");
      return s;
    }
  }
  return {};
}

Result<Id> ConnectionStore::add_page(const Page& page) {
  auto languages = known_languages();
  if (!languages) return languages.error();
  BAROMETER_TRY(storage::validate_page(page, *languages));
  auto tx = Transaction::begin(c_, Mode::write);
  if (!tx) return tx.error();
  auto st = c_.prepare("INSERT INTO pages (key, position) VALUES (?, ?) RETURNING id");
  if (!st) return st.error();
  auto inserted = st->bind(1, page.key).bind(2, page.position).step();
  if (!inserted) {
    if (inserted.code() == ErrorCode::conflict) return conflict("key: a page \"" + page.key + "\" already exists");
    return inserted.error();
  }
  Id id = st->int64(0);
  BAROMETER_TRY(write_page_texts(id, page));
  BAROMETER_TRY(tx->commit());
  return id;
}

Status ConnectionStore::update_page(const Page& page) {
  auto languages = known_languages();
  if (!languages) return languages.error();
  BAROMETER_TRY(storage::validate_page(page, *languages));
  auto tx = Transaction::begin(c_, Mode::write);
  if (!tx) return tx.error();
  auto st = c_.prepare("UPDATE pages SET key = ?, position = ? WHERE id = ?");
  if (!st) return st.error();
  if (auto s = st->bind(1, page.key).bind(2, page.position).bind(3, page.id).run(); !s) {
    if (s.code() == ErrorCode::conflict) return conflict("key: a page \"" + page.key + "\" already exists");
    return s;
  }
  if (st->affected() == 0) return not_found("no page with id " + std::to_string(page.id));
  BAROMETER_TRY(write_page_texts(page.id, page));
  return tx->commit();
}

}  // namespace barometer::postgres
