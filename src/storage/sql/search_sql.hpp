// The search index's SQL, written once for both backends (storage/search_store.hpp).
//   search_index::refresh<D>(c, id)  rewrites one commentary's documents: called by the content
//                                    store's writes inside their own transaction;
//   search_index::rebuild<D>(c)      rewrites all of them;
//   SearchSql<Source, D>             the SearchStore facet.
// What differs per backend comes from the dialect D (its connection_store.hpp):
//   kSearchTermsColumn / kSearchTermsValue / bind_search_terms: PostgreSQL stores the tsvector the
//       application built; SQLite stores the text only (its FTS5 table follows by triggers and
//       tokenizes with the same analyser);
//   kSearchFrom / kSearchWhere / kSearchRank: how the match joins, filters and ranks, with the
//       query's one parameter bound first; search_match(query): the query as the backend's
//       syntax (an FTS5 expression, a tsquery), every word quoted.
#pragma once

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
    std::string from = words ? D::kSearchFrom : "search_documents d";
    from += " JOIN commentaries c ON c.id = d.commentary_id JOIN topics t ON t.id = c.topic_id";
    std::vector<std::string> params;  // all bound as text, in order
    std::vector<std::string> terms;
    if (words) {
      params.push_back(D::search_match(*r.query));
      if (*D::kSearchWhere) terms.emplace_back(D::kSearchWhere);
    }
    terms.emplace_back("c.status = 'published'");
    auto term = [&](bool set, const char* sql, std::string value) {
      if (!set) return;
      terms.emplace_back(sql);
      params.push_back(std::move(value));
    };
    term(r.lang.has_value(), "d.lang = ?", r.lang.value_or(""));
    term(r.topic_id.has_value(), "c.topic_id = CAST(? AS BIGINT)", std::to_string(r.topic_id.value_or(0)));
    term(r.author_id.has_value(),
         "EXISTS (SELECT 1 FROM commentary_authors ca WHERE ca.commentary_id = c.id AND ca.author_id = CAST(? AS BIGINT))",
         std::to_string(r.author_id.value_or(0)));
    term(r.assessment.has_value(), "c.assessment = ?", r.assessment ? std::string(to_string(*r.assessment)) : "");
    term(r.outlook.has_value(), "c.outlook = ?", r.outlook ? std::string(to_string(*r.outlook)) : "");
    term(r.from.has_value(), "c.period_start >= ?", r.from ? to_iso(r.from->start()) : "");
    term(r.to.has_value(), "c.period_start <= ?", r.to ? to_iso(r.to->start()) : "");
    std::string where;
    for (std::size_t i = 0; i < terms.size(); ++i) where += (i ? " AND " : " WHERE ") + terms[i];
    const std::string order = words ? std::string(" ORDER BY ") + D::kSearchRank + ", c.period_start DESC, d.id"
                                    : std::string(" ORDER BY c.period_start DESC, t.position, t.id, d.lang");
    return with([&](auto& c) -> Result<SearchPage> {
      SearchPage page;
      {
        auto st = c.prepare("SELECT COUNT(*) FROM " + from + where);
        if (!st) return st.error();
        for (std::size_t i = 0; i < params.size(); ++i) st->bind(static_cast<int>(i + 1), params[i]);
        auto row = st->step();
        if (!row) return row.error();
        page.total = st->int32(0);
      }
      if (page.total <= r.offset) return page;
      auto st = c.prepare(
          "SELECT d.commentary_id, d.lang, c.topic_id, c.period_start, c.assessment, c.outlook, d.title, d.lead, "
          "d.body, d.slug FROM " + from + where + order + " LIMIT " + std::to_string(r.limit) + " OFFSET " +
          std::to_string(r.offset));
      if (!st) return st.error();
      for (std::size_t i = 0; i < params.size(); ++i) st->bind(static_cast<int>(i + 1), params[i]);
      for (;;) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        SearchHit h;
        h.commentary_id = st->int64(0);
        h.lang = st->text(1);
        h.topic_id = st->int64(2);
        auto date = parse_iso_date(st->text(3));
        if (!date) return io_error("stored period_start is not a date");
        h.period = Period::containing(*date);
        h.assessment = parse_assessment(st->text(4)).value_or(Assessment::unchanged);
        h.outlook = parse_outlook(st->text(5)).value_or(Outlook::none);
        h.title = st->text(6);
        h.lead = st->text(7);
        h.body = st->text(8);
        h.slug = st->text(9);
        page.hits.push_back(std::move(h));
      }
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
};

}  // namespace barometer::storage
