// ConnectionStore<D>: transactions, shared helpers, site and languages, topics, authors and pages.
// Commentaries are in connection_store_commentaries_impl.hpp. Included only by the backend .cpp
// that explicitly instantiates the template.
#pragma once

#include <map>

#include "storage/sql/connection_store.hpp"
#include "domain/try.hpp"

namespace barometer::sql {

template <class D>
Status ConnectionStore<D>::transact(const std::function<Status(Store& tx)>& work) {
  // A plain write: only the content writes inside it (if any) move the content version.
  auto tx = Transaction::begin(c_, Transaction::Mode::write);
  if (!tx) return tx.error();
  // If work throws, the guard's destructor rolls back while the exception propagates.
  BAROMETER_TRY(work(*this));
  return tx->commit();
}

// --- Helpers

template <class D>
Result<storage::KnownLanguages> ConnectionStore<D>::known_languages() {
  auto st = c_.prepare("SELECT code FROM languages");
  if (!st) return st.error();
  storage::KnownLanguages codes;
  for (;;) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return codes;
    codes.insert(st->text(0));
  }
}

template <class D>
template <class T>
Status ConnectionStore<D>::validated(Status (*validate)(const T&, const storage::KnownLanguages&), const T& entity) {
  auto languages = known_languages();
  if (!languages) return languages.error();
  return validate(entity, *languages);
}

template <class D>
Result<Id> ConnectionStore<D>::insert(Statement& st, const std::string& on_conflict) {
  auto id = D::run_insert(c_, st);
  if (!id && id.code() == ErrorCode::conflict) return conflict(on_conflict);
  return id;
}

template <class D>
Status ConnectionStore<D>::update(Statement& st, const std::string& on_conflict, const std::string& missing) {
  if (auto s = st.run(); !s) {
    if (s.code() == ErrorCode::conflict) return conflict(on_conflict);
    return s;
  }
  if (D::affected(c_, st) == 0) return not_found(missing);
  return {};
}

template <class D>
template <class T, class Key, class Make, class Attach>
Result<std::vector<T>> ConnectionStore<D>::select_with_texts(const std::string& head_sql, const std::string& texts_sql,
                                                             bool keyed, const Key& key, Make make, Attach attach) {
  auto tx = Transaction::begin(c_, kRead);
  if (!tx) return tx.error();
  std::vector<T> out;
  std::map<Id, std::size_t> index;
  {
    auto st = c_.prepare(head_sql);
    if (!st) return st.error();
    if (keyed) st->bind(1, key);
    for (;;) {
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) break;
      index[st->int64(0)] = out.size();
      out.push_back(make(*st));
    }
  }
  auto st = c_.prepare(texts_sql);
  if (!st) return st.error();
  if (keyed) st->bind(1, key);
  for (;;) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) break;
    auto it = index.find(st->int64(0));
    if (it != index.end()) attach(*st, out[it->second]);
  }
  return out;
}

template <class D>
template <class Texts, class Write>
Status ConnectionStore<D>::replace_texts(const char* delete_sql, const char* insert_sql, Id id, const Texts& texts,
                                         Write write) {
  auto del = c_.prepare(delete_sql);
  if (!del) return del.error();
  BAROMETER_TRY(del->bind(1, id).run());
  for (const auto& [lang, text] : texts) {
    auto st = c_.prepare(insert_sql);
    if (!st) return st.error();
    BAROMETER_TRY(write(*st, lang, text));
  }
  return {};
}

template <class D>
template <class T, class Bind>
Result<Id> ConnectionStore<D>::save_with_texts(Status (*validate)(const T&, const storage::KnownLanguages&),
                                               const T& entity, const std::string& row_sql, Bind bind,
                                               const std::string& taken,
                                               Status (ConnectionStore::*write_texts)(Id, const T&),
                                               const std::optional<std::string>& missing) {
  BAROMETER_TRY(validated(validate, entity));
  auto tx = Transaction::begin(c_, kWrite);
  if (!tx) return tx.error();
  auto st = c_.prepare(missing ? row_sql : row_sql + D::kReturningId);
  if (!st) return st.error();
  bind(*st);
  Result<Id> id = entity.id;
  if (!missing) {
    id = insert(*st, taken);
    if (!id) return id;
  } else {
    BAROMETER_TRY(update(*st, taken, *missing));
  }
  BAROMETER_TRY((this->*write_texts)(*id, entity));
  BAROMETER_TRY(tx->commit());
  return id;
}

// --- Site

template <class D>
Result<Site> ConnectionStore<D>::load_site() {
  auto tx = Transaction::begin(c_, kRead);
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
    auto st = c_.prepare(std::string("SELECT code, name, icu_locale FROM languages ORDER BY position, code") +
                         D::kCollateC);
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

template <class D>
Status ConnectionStore<D>::save_site(const Site& site) {
  BAROMETER_TRY(storage::validate_site(site));
  auto tx = Transaction::begin(c_, kWrite);
  if (!tx) return tx.error();
  {
    auto st = c_.prepare(
        "INSERT INTO site (id, base_url, time_zone) VALUES (1, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET base_url = excluded.base_url, time_zone = excluded.time_zone");
    if (!st) return st.error();
    BAROMETER_TRY(st->bind(1, site.base_url).bind(2, site.time_zone).run());
  }
  BAROMETER_TRY(c_.exec("DELETE FROM site_texts"));
  std::vector<std::string> codes;
  for (std::size_t i = 0; i < site.languages.size(); ++i) {
    const auto& l = site.languages[i];
    auto st = c_.prepare(
        "INSERT INTO languages (code, position, name, icu_locale) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (code) DO UPDATE SET position = excluded.position, name = excluded.name, "
        "icu_locale = excluded.icu_locale");
    if (!st) return st.error();
    BAROMETER_TRY(st->bind(1, l.code).bind(2, static_cast<int>(i)).bind(3, l.name).bind(4, l.icu_locale).run());
    codes.push_back("\"" + l.code + "\"");  // codes are [A-Za-z0-9-], safe quoted in either list literal
  }
  {
    // Languages dropped from the list go, unless content still uses them (foreign keys).
    auto st = c_.prepare(std::string("DELETE FROM languages WHERE code") + D::kNotInList);
    if (!st) return st.error();
    if (auto s = st->bind(1, D::list(codes)).run(); !s) {
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

template <class D>
Result<std::vector<Topic>> ConnectionStore<D>::select_topics(std::string_view where, std::string_view key) {
  const std::string w(where);
  return select_with_texts<Topic>(
      "SELECT id, slug, position FROM topics " + w + " ORDER BY position, id",
      "SELECT topic_id, lang, name, description FROM topic_texts WHERE topic_id IN (SELECT id FROM topics " + w + ")",
      !where.empty(), key, [](Statement& st) { return Topic{st.int64(0), st.text(1), st.int32(2), {}}; },
      [](Statement& st, Topic& t) { t.text[st.text(1)] = TopicText{st.text(2), st.text(3)}; });
}

template <class D>
Result<std::vector<Topic>> ConnectionStore<D>::list_topics() {
  return select_topics("", "");
}

template <class D>
Result<Topic> ConnectionStore<D>::find_topic(std::string_view slug) {
  return first_of(select_topics("WHERE slug = ?", slug), "no topic with slug \"" + std::string(slug) + "\"");
}

template <class D>
Status ConnectionStore<D>::write_topic_texts(Id id, const Topic& topic) {
  return replace_texts("DELETE FROM topic_texts WHERE topic_id = ?",
                       "INSERT INTO topic_texts (topic_id, lang, name, description) VALUES (?, ?, ?, ?)", id,
                       topic.text, [&](Statement& st, const LangCode& lang, const TopicText& text) {
                         return st.bind(1, id).bind(2, lang).bind(3, text.name).bind(4, text.description).run();
                       });
}

template <class D>
Result<Id> ConnectionStore<D>::add_topic(const Topic& topic) {
  return save_with_texts(&storage::validate_topic, topic, "INSERT INTO topics (slug, position) VALUES (?, ?)",
                         [&](Statement& st) { st.bind(1, topic.slug).bind(2, topic.position); },
                         "slug: a topic \"" + topic.slug + "\" already exists", &ConnectionStore::write_topic_texts);
}

template <class D>
Status ConnectionStore<D>::update_topic(const Topic& topic) {
  auto saved = save_with_texts(
      &storage::validate_topic, topic, "UPDATE topics SET slug = ?, position = ? WHERE id = ?",
      [&](Statement& st) { st.bind(1, topic.slug).bind(2, topic.position).bind(3, topic.id); },
      "slug: a topic \"" + topic.slug + "\" already exists", &ConnectionStore::write_topic_texts,
      "no topic with id " + std::to_string(topic.id));
  return saved ? Status{} : saved.error();
}

// --- Authors

template <class D>
Result<std::vector<Author>> ConnectionStore<D>::select_authors(std::string_view where, std::string_view key) {
  const std::string w(where);
  return select_with_texts<Author>(
      "SELECT id, slug FROM authors " + w + " ORDER BY slug" + D::kCollateC,
      "SELECT author_id, lang, name, bio FROM author_texts WHERE author_id IN (SELECT id FROM authors " + w + ")",
      !where.empty(), key, [](Statement& st) { return Author{st.int64(0), st.text(1), {}}; },
      [](Statement& st, Author& a) { a.text[st.text(1)] = AuthorText{st.text(2), st.text(3)}; });
}

template <class D>
Result<std::vector<Author>> ConnectionStore<D>::list_authors() {
  return select_authors("", "");
}

template <class D>
Result<Author> ConnectionStore<D>::find_author(std::string_view slug) {
  return first_of(select_authors("WHERE slug = ?", slug), "no author with slug \"" + std::string(slug) + "\"");
}

template <class D>
Status ConnectionStore<D>::write_author_texts(Id id, const Author& author) {
  return replace_texts("DELETE FROM author_texts WHERE author_id = ?",
                       "INSERT INTO author_texts (author_id, lang, name, bio) VALUES (?, ?, ?, ?)", id, author.text,
                       [&](Statement& st, const LangCode& lang, const AuthorText& text) {
                         return st.bind(1, id).bind(2, lang).bind(3, text.name).bind(4, text.bio).run();
                       });
}

template <class D>
Result<Id> ConnectionStore<D>::add_author(const Author& author) {
  return save_with_texts(&storage::validate_author, author, "INSERT INTO authors (slug) VALUES (?)",
                         [&](Statement& st) { st.bind(1, author.slug); },
                         "slug: an author \"" + author.slug + "\" already exists",
                         &ConnectionStore::write_author_texts);
}

template <class D>
Status ConnectionStore<D>::update_author(const Author& author) {
  auto saved = save_with_texts(
      &storage::validate_author, author, "UPDATE authors SET slug = ? WHERE id = ?",
      [&](Statement& st) { st.bind(1, author.slug).bind(2, author.id); },
      "slug: an author \"" + author.slug + "\" already exists", &ConnectionStore::write_author_texts,
      "no author with id " + std::to_string(author.id));
  return saved ? Status{} : saved.error();
}

// --- Pages

template <class D>
Result<std::vector<Page>> ConnectionStore<D>::select_pages(std::string_view where, Id key) {
  const std::string w(where);
  return select_with_texts<Page>(
      "SELECT id, key, position FROM pages " + w + " ORDER BY position, id",
      "SELECT page_id, lang, slug, title, body FROM page_texts WHERE page_id IN (SELECT id FROM pages " + w + ")",
      !where.empty(), key, [](Statement& st) { return Page{st.int64(0), st.text(1), st.int32(2), {}}; },
      [](Statement& st, Page& p) { p.text[st.text(1)] = PageText{st.text(2), st.text(3), st.text(4)}; });
}

template <class D>
Result<std::vector<Page>> ConnectionStore<D>::list_pages() {
  return select_pages("", 0);
}

template <class D>
Result<Page> ConnectionStore<D>::find_page(const LangCode& lang, std::string_view slug) {
  auto tx = Transaction::begin(c_, kRead);
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
  return first_of(select_pages("WHERE id = ?", id), "page disappeared");
}

template <class D>
Status ConnectionStore<D>::write_page_texts(Id id, const Page& page) {
  return replace_texts(
      "DELETE FROM page_texts WHERE page_id = ?",
      "INSERT INTO page_texts (page_id, lang, slug, title, body) VALUES (?, ?, ?, ?, ?)", id, page.text,
      [&](Statement& st, const LangCode& lang, const PageText& text) -> Status {
        if (auto s = st.bind(1, id).bind(2, lang).bind(3, text.slug).bind(4, text.title).bind(5, text.body).run(); !s) {
          if (s.code() == ErrorCode::conflict)
            return conflict("text[" + lang + "].slug: \"" + text.slug + "\" is already used by another page");
          return s;
        }
        return {};
      });
}

template <class D>
Result<Id> ConnectionStore<D>::add_page(const Page& page) {
  return save_with_texts(&storage::validate_page, page, "INSERT INTO pages (key, position) VALUES (?, ?)",
                         [&](Statement& st) { st.bind(1, page.key).bind(2, page.position); },
                         "key: a page \"" + page.key + "\" already exists", &ConnectionStore::write_page_texts);
}

template <class D>
Status ConnectionStore<D>::update_page(const Page& page) {
  auto saved = save_with_texts(
      &storage::validate_page, page, "UPDATE pages SET key = ?, position = ? WHERE id = ?",
      [&](Statement& st) { st.bind(1, page.key).bind(2, page.position).bind(3, page.id); },
      "key: a page \"" + page.key + "\" already exists", &ConnectionStore::write_page_texts,
      "no page with id " + std::to_string(page.id));
  return saved ? Status{} : saved.error();
}

}  // namespace barometer::sql
