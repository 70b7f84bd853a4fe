// The search index's SQL, written once for both backends (storage/search_store.hpp).
//   search_index::refresh<D>(c, id)  rewrites one commentary's documents: called by the content
//                                    store's writes inside their own transaction;
//   search_index::rebuild<D>(c)      rewrites all of them;
//   SearchSql<Source, D>             the SearchStore facet.
// What differs per backend comes from the dialect D (its connection_store.hpp):
//   kSearchTermsColumn / kSearchTermsValue / bind_search_terms: PostgreSQL stores the tsvector the
//       application built; SQLite stores the text only (its FTS5 table follows by triggers and
//       tokenizes with the same analyser);
//   kSearchFrom / kSearchWhere / kSearchScore: the match as the outer table(s) of the search
//       (`d` the document), its condition, and each match's score (lower is better), with the
//       query's one parameter bound first; search_match(query): the query as the backend's
//       syntax (an FTS5 expression, a tsquery), every word quoted.
#pragma once

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "domain/try.hpp"
#include "storage/search_store.hpp"
#include "storage/sql/facet_sql.hpp"

namespace barometer::sql::search_index {

// Rewrites the documents of commentary `id`: none unless it is published; one per translation.
template <class D>
Status refresh(typename D::Connection& c, Id id) {
  {
    auto del = c.prepare("DELETE FROM search_documents WHERE commentary_id = ?");
    if (!del) return del.error();
    BAROMETER_TRY(del->bind(1, id).run());
  }
  using Row = std::tuple<std::string, std::string, std::string, std::string, std::string>;
  std::vector<Row> rows;
  {
    auto st = c.prepare(
        "SELECT t.lang, t.title, t.lead, t.body, t.slug FROM commentary_translations t "
        "JOIN commentaries c ON c.id = t.commentary_id WHERE t.commentary_id = ? AND c.status = 'published'");
    if (!st) return st.error();
    st->bind(1, id);
    for (;;) {
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) break;
      rows.emplace_back(st->text(0), st->text(1), st->text(2), st->text(3), st->text(4));
    }
  }
  for (const auto& [lang, title, lead, body, slug] : rows) {
    auto st = c.prepare(std::string("INSERT INTO search_documents (commentary_id, lang, title, lead, body, slug") +
                        D::kSearchTermsColumn + ") VALUES (?, ?, ?, ?, ?, ?" + D::kSearchTermsValue + ")");
    if (!st) return st.error();
    st->bind(1, id).bind(2, lang).bind(3, title).bind(4, lead).bind(5, body).bind(6, slug);
    D::bind_search_terms(*st, 7, title, lead, body);
    BAROMETER_TRY(st->run());
  }
  return {};
}

// Rewrites every document; returns how many there are. The caller holds the transaction.
template <class D>
Result<int> rebuild(typename D::Connection& c) {
  {
    auto del = c.prepare("DELETE FROM search_documents");
    if (!del) return del.error();
    BAROMETER_TRY(del->run());
  }
  std::vector<Id> ids;
  {
    auto st = c.prepare("SELECT id FROM commentaries WHERE status = 'published' ORDER BY id");
    if (!st) return st.error();
    for (;;) {
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) break;
      ids.push_back(st->int64(0));
    }
  }
  for (Id id : ids) BAROMETER_TRY(refresh<D>(c, id));
  auto count = c.prepare("SELECT COUNT(*) FROM search_documents");
  if (!count) return count.error();
  auto row = count->step();
  if (!row) return row.error();
  return count->int32(0);
}

}  // namespace barometer::sql::search_index

namespace barometer::storage {

template <class Source, class D>
class SearchSql final : public SearchStore, public sql::FacetSql<Source> {
  using Base = sql::FacetSql<Source>;
  using Base::with;

 public:
  using Base::Base;

  Result<SearchPage> search(const SearchRequest& r) override {
    if (r.limit < 1 || r.limit > kMaxSearchLimit) return invalid("search: limit must be 1..100");
    if (r.offset < 0) return invalid("search: offset must not be negative");
    const bool words = r.query && !r.query->empty();
    Where where;
    if (words) {
      where.params.push_back(D::search_match(*r.query));
      where.terms.emplace_back(D::kSearchWhere);
    }
    where.terms.emplace_back("c.id = d.commentary_id");
    where.terms.emplace_back("c.status = 'published'");
    where.add(r.lang.has_value(), "d.lang = ?", r.lang.value_or(""));
    where.add(r.topic_id.has_value(), "c.topic_id = CAST(? AS BIGINT)", std::to_string(r.topic_id.value_or(0)));
    where.add(r.author_id.has_value(),
              "EXISTS (SELECT 1 FROM commentary_authors ca WHERE ca.commentary_id = c.id AND ca.author_id = CAST(? AS BIGINT))",
              std::to_string(r.author_id.value_or(0)));
    where.add(r.assessment.has_value(), "c.assessment = ?", r.assessment ? std::string(to_string(*r.assessment)) : "");
    where.add(r.outlook.has_value(), "c.outlook = ?", r.outlook ? std::string(to_string(*r.outlook)) : "");
    where.add(r.from.has_value(), "c.period_start >= ?", r.from ? to_iso(r.from->start()) : "");
    where.add(r.to.has_value(), "c.period_start <= ?", r.to ? to_iso(r.to->start()) : "");
    return with([&](auto& c) -> Result<SearchPage> {
      // One snapshot for the count and the page (two statements on the words' path).
      auto tx = D::Transaction::begin(c, D::Transaction::Mode::read);
      if (!tx) return tx.error();
      auto page = words ? ranked(c, where, r) : browse(c, where, r);
      if (!page) return page;
      BAROMETER_TRY(tx->commit());
      return page;
    });
  }

  Result<int> reindex() override {
    return with([&](auto& c) -> Result<int> {
      auto tx = D::Transaction::begin(c, D::Transaction::Mode::content);
      if (!tx) return tx.error();
      auto n = sql::search_index::rebuild<D>(c);
      if (!n) return n;
      BAROMETER_TRY(tx->commit());
      return n;
    });
  }

 private:
  // The WHERE clause of a search and its parameters, all bound as text, in order.
  struct Where {
    std::vector<std::string> terms;
    std::vector<std::string> params;
    void add(bool set, const char* sql, std::string value) {
      if (!set) return;
      terms.emplace_back(sql);
      params.push_back(std::move(value));
    }
    std::string sql() const {
      std::string out;
      for (std::size_t i = 0; i < terms.size(); ++i) out += (i ? " AND " : " WHERE ") + terms[i];
      return out;
    }
    template <class Statement>
    void bind(Statement& st) const {
      for (std::size_t i = 0; i < params.size(); ++i) st.bind(static_cast<int>(i + 1), params[i]);
    }
  };

  // A matching document's place in the order: score (lower is better), newer period, lower id.
  struct Candidate {
    double score;
    std::string period_start;  // ISO date: compares as text
    Id id;
  };

  // Words: one statement driven by the index (the backend's match first, then each match's
  // document and commentary by primary key, the filters on them) reads every match's id, score
  // and period — no text — so the count comes from the same pass that ranks; the page's rows are
  // then read by id. (docs/decisions/0017-search.md, "Speed".)
  template <class Connection>
  static Result<SearchPage> ranked(Connection& c, const Where& where, const SearchRequest& r) {
    std::vector<Candidate> all;
    {
      auto st = c.prepare(std::string("SELECT d.id, ") + D::kSearchScore + ", c.period_start FROM " + D::kSearchFrom +
                          " CROSS JOIN commentaries c" + where.sql());
      if (!st) return st.error();
      where.bind(*st);
      for (;;) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        all.push_back({st->real(1), st->text(2), st->int64(0)});
      }
    }
    SearchPage page;
    page.total = static_cast<int>(all.size());
    if (page.total <= r.offset) return page;
    const auto end = all.begin() + std::min<std::size_t>(all.size(), static_cast<std::size_t>(r.offset) + r.limit);
    std::partial_sort(all.begin(), end, all.end(), [](const Candidate& a, const Candidate& b) {
      if (a.score != b.score) return a.score < b.score;
      if (a.period_start != b.period_start) return a.period_start > b.period_start;
      return a.id < b.id;
    });
    std::vector<Id> order;
    std::vector<std::string> ids;
    for (auto it = all.begin() + r.offset; it != end; ++it) {
      order.push_back(it->id);
      ids.push_back(std::to_string(it->id));
    }
    auto st = c.prepare(std::string("SELECT d.id, d.commentary_id, d.lang, c.topic_id, c.period_start, c.assessment, "
                                    "c.outlook, d.title, d.lead, d.body, d.slug FROM search_documents d "
                                    "JOIN commentaries c ON c.id = d.commentary_id WHERE d.id") + D::kInList);
    if (!st) return st.error();
    st->bind(1, D::list(ids));
    std::vector<std::pair<Id, SearchHit>> read;
    for (;;) {
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) break;
      auto hit = hit_of(*st, 1);
      if (!hit) return hit.error();
      read.emplace_back(st->int64(0), std::move(*hit));
    }
    for (Id id : order)  // in the ranked order; a document gone since the first statement is left out
      for (auto& [got, hit] : read)
        if (got == id) page.hits.push_back(std::move(hit));
    return page;
  }

  // No words: the filters alone, newest period first (the archive browser).
  template <class Connection>
  static Result<SearchPage> browse(Connection& c, const Where& where, const SearchRequest& r) {
    // A comma join: the planner drives from whichever side the filters narrow (commentaries by
    // status and period, usually).
    const std::string from = " FROM search_documents d, commentaries c JOIN topics t ON t.id = c.topic_id";
    SearchPage page;
    {
      auto st = c.prepare("SELECT COUNT(*)" + from + where.sql());
      if (!st) return st.error();
      where.bind(*st);
      auto row = st->step();
      if (!row) return row.error();
      page.total = st->int32(0);
    }
    if (page.total <= r.offset) return page;
    auto st = c.prepare("SELECT d.commentary_id, d.lang, c.topic_id, c.period_start, c.assessment, c.outlook, d.title, "
                        "d.lead, d.body, d.slug" + from + where.sql() +
                        " ORDER BY c.period_start DESC, t.position, t.id, d.lang LIMIT " + std::to_string(r.limit) +
                        " OFFSET " + std::to_string(r.offset));
    if (!st) return st.error();
    where.bind(*st);
    for (;;) {
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) break;
      auto hit = hit_of(*st, 0);
      if (!hit) return hit.error();
      page.hits.push_back(std::move(*hit));
    }
    return page;
  }

  // A hit from the columns commentary_id, lang, topic_id, period_start, assessment, outlook,
  // title, lead, body, slug starting at `at`.
  template <class Statement>
  static Result<SearchHit> hit_of(const Statement& st, int at) {
    SearchHit h;
    h.commentary_id = st.int64(at);
    h.lang = st.text(at + 1);
    h.topic_id = st.int64(at + 2);
    auto date = parse_iso_date(st.text(at + 3));
    if (!date) return io_error("stored period_start is not a date");
    h.period = Period::containing(*date);
    h.assessment = parse_assessment(st.text(at + 4)).value_or(Assessment::unchanged);
    h.outlook = parse_outlook(st.text(at + 5)).value_or(Outlook::none);
    h.title = st.text(at + 6);
    h.lead = st.text(at + 7);
    h.body = st.text(at + 8);
    h.slug = st.text(at + 9);
    return h;
  }
};

}  // namespace barometer::storage
