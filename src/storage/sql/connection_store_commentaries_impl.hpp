// ConnectionStore<D>: commentaries (writes, complete loads, filtered queries, periods). Included
// only by the backend .cpp that explicitly instantiates the template.
//
// Loading N commentaries costs five queries whatever N is: the filtered rows, then authors,
// translations, evidence and evidence lines for all of their ids at once (one list literal bound
// to one parameter, so the statement text, and its prepared statement, does not depend on N).
#pragma once

#include <algorithm>
#include <map>
#include <unordered_map>
#include <variant>

#include "storage/sql/connection_store.hpp"
#include "storage/sql/search_sql.hpp"
#include "domain/try.hpp"

namespace barometer::sql {

namespace detail {

inline constexpr const char* kCommentaryColumns =
    "c.id, c.topic_id, c.period_start, c.assessment, c.outlook, c.status, c.published_at, c.updated_at";

inline Result<Period> period_from(const std::string& monday) {
  auto date = parse_iso_date(monday);
  if (!date) return io_error("stored period_start \"" + monday + "\" is not a date");
  return Period::containing(*date);
}

// The WHERE clause of a CommentaryFilter and its parameters, in order.
struct FilterSql {
  std::string where;
  std::vector<std::variant<std::int64_t, std::string>> params;
};

inline Result<FilterSql> filter_sql(const CommentaryFilter& f) {
  if (f.offset < 0) return invalid("offset: must not be negative");
  if (f.limit < 0) return invalid("limit: must not be negative");
  FilterSql out;
  std::vector<std::string> terms;
  if (f.published_only) terms.push_back("c.status = 'published'");
  if (f.unpublished_only) terms.push_back("c.status <> 'published'");
  if (f.topic_id) {
    terms.push_back("c.topic_id = ?");
    out.params.emplace_back(*f.topic_id);
  }
  if (f.author_id) {
    terms.push_back("EXISTS (SELECT 1 FROM commentary_authors ca WHERE ca.commentary_id = c.id AND ca.author_id = ?)");
    out.params.emplace_back(*f.author_id);
  }
  auto period_term = [&](const std::optional<Period>& p, const char* op) {
    if (!p) return;
    terms.push_back(std::string("c.period_start ") + op + " ?");
    out.params.emplace_back(to_iso(p->start()));
  };
  period_term(f.period, "=");
  period_term(f.from, ">=");
  period_term(f.to, "<=");
  period_term(f.before, "<");
  if (f.assessment) {
    terms.push_back("c.assessment = ?");
    out.params.emplace_back(std::string(to_string(*f.assessment)));
  }
  if (f.outlook) {
    terms.push_back("c.outlook = ?");
    out.params.emplace_back(std::string(to_string(*f.outlook)));
  }
  if (f.lang) {
    terms.push_back("EXISTS (SELECT 1 FROM commentary_translations ct WHERE ct.commentary_id = c.id AND ct.lang = ?)");
    out.params.emplace_back(*f.lang);
  }
  if (f.below_id) {
    terms.push_back("c.id < ?");
    out.params.emplace_back(static_cast<std::int64_t>(*f.below_id));
  }
  for (std::size_t i = 0; i < terms.size(); ++i) out.where += (i ? " AND " : " WHERE ") + terms[i];
  return out;
}

// `no_limit` is the dialect's LIMIT value for "all rows" (-1 in SQLite, ALL in PostgreSQL).
inline std::string order_and_page(const CommentaryFilter& f, const char* no_limit) {
  std::string sql;
  if (f.by_id_descending) sql = " ORDER BY c.id DESC";
  else sql = std::string(f.newest_first ? " ORDER BY c.period_start DESC" : " ORDER BY c.period_start ASC") +
             ", t.position ASC, t.id ASC";
  if (f.limit > 0 || f.offset > 0)
    sql += " LIMIT " + (f.limit > 0 ? std::to_string(f.limit) : std::string(no_limit)) + " OFFSET " +
           std::to_string(f.offset);
  return sql;
}

template <class Statement>
void bind_params(Statement& st, const FilterSql& f) {
  int i = 1;
  for (const auto& p : f.params) std::visit([&](const auto& v) { st.bind(i++, v); }, p);
}

inline std::string period_taken(const Commentary& c) {
  return "period: topic " + std::to_string(c.topic_id) + " already has a commentary for " + c.period.id();
}

inline std::vector<std::string> ids_of(const std::vector<Commentary>& cs) {
  std::vector<std::string> ids;
  for (const auto& c : cs) ids.push_back(std::to_string(c.id));
  return ids;
}

template <class Statement>
Result<std::optional<Period>> single_period(Statement& st) {
  auto row = st.step();
  if (!row) return row.error();
  if (!*row || st.is_null(0)) return std::optional<Period>{};
  auto period = period_from(st.text(0));
  if (!period) return period.error();
  return std::optional<Period>{*period};
}

}  // namespace detail

// --- Writes

template <class D>
Status ConnectionStore<D>::check_commentary_refs(const Commentary& c) {
  {
    auto st = c_.prepare("SELECT 1 FROM topics WHERE id = ?");
    if (!st) return st.error();
    auto row = st->bind(1, c.topic_id).step();
    if (!row) return row.error();
    if (!*row) return invalid("topic_id: no topic with id " + std::to_string(c.topic_id));
  }
  for (std::size_t i = 0; i < c.author_ids.size(); ++i) {
    auto st = c_.prepare("SELECT 1 FROM authors WHERE id = ?");
    if (!st) return st.error();
    auto row = st->bind(1, c.author_ids[i]).step();
    if (!row) return row.error();
    if (!*row)
      return invalid("author_ids[" + std::to_string(i) + "]: no author with id " + std::to_string(c.author_ids[i]));
  }
  return {};
}

template <class D>
Status ConnectionStore<D>::write_commentary_parts(Id id, const Commentary& c) {
  for (std::size_t i = 0; i < c.author_ids.size(); ++i) {
    auto st = c_.prepare("INSERT INTO commentary_authors (commentary_id, author_id, position) VALUES (?, ?, ?)");
    if (!st) return st.error();
    BAROMETER_TRY(st->bind(1, id).bind(2, c.author_ids[i]).bind(3, static_cast<int>(i)).run());
  }
  for (const auto& [lang, t] : c.translations) {
    auto st = c_.prepare(
        "INSERT INTO commentary_translations (commentary_id, topic_id, lang, title, lead, body, slug) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!st) return st.error();
    st->bind(1, id).bind(2, c.topic_id).bind(3, lang).bind(4, t.title).bind(5, t.lead).bind(6, t.body).bind(7, t.slug);
    if (auto s = st->run(); !s) {
      if (s.code() == ErrorCode::conflict)
        return conflict("translations[" + lang + "].slug: \"" + t.slug + "\" is already used in this topic");
      return s;
    }
  }
  // Stored in date order; events of one date keep the order given.
  std::vector<std::size_t> order(c.evidence.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return c.evidence[a].date < c.evidence[b].date; });
  for (std::size_t pos = 0; pos < order.size(); ++pos) {
    const Evidence& e = c.evidence[order[pos]];
    auto st = c_.prepare(
        std::string("INSERT INTO evidence (commentary_id, position, event_date, source_url) VALUES (?, ?, ?, ?)") +
        D::kReturningId);
    if (!st) return st.error();
    st->bind(1, id).bind(2, static_cast<int>(pos)).bind(3, to_iso(e.date)).bind(4, e.source_url);
    auto evidence_id = D::run_insert(c_, *st);
    if (!evidence_id) return evidence_id.error();
    for (const auto& [lang, line] : e.line) {
      auto ls = c_.prepare("INSERT INTO evidence_lines (evidence_id, lang, line) VALUES (?, ?, ?)");
      if (!ls) return ls.error();
      BAROMETER_TRY(ls->bind(1, *evidence_id).bind(2, lang).bind(3, line).run());
    }
  }
  return {};
}

template <class D>
Result<Id> ConnectionStore<D>::add_commentary(const Commentary& c) {
  BAROMETER_TRY(validated(&storage::validate_commentary, c));
  auto tx = Transaction::begin(c_, kWrite);
  if (!tx) return tx.error();
  BAROMETER_TRY(check_commentary_refs(c));
  auto st = c_.prepare(std::string(
      "INSERT INTO commentaries (topic_id, period_start, period_id, assessment, outlook, status, published_at, "
      "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)") + D::kReturningId);
  if (!st) return st.error();
  st->bind(1, c.topic_id).bind(2, to_iso(c.period.start())).bind(3, c.period.id());
  st->bind(4, to_string(c.assessment)).bind(5, to_string(c.outlook)).bind(6, to_string(c.status));
  if (c.published_at) st->bind(7, to_unix(*c.published_at)); else st->bind_null(7);
  st->bind(8, to_unix(c.updated_at));
  auto id = insert(*st, detail::period_taken(c));
  if (!id) return id;
  BAROMETER_TRY(write_commentary_parts(*id, c));
  BAROMETER_TRY(search_index::refresh<D>(c_, *id));  // the search index, in the same transaction
  BAROMETER_TRY(tx->commit());
  return id;
}

template <class D>
Status ConnectionStore<D>::update_commentary(const Commentary& c) {
  BAROMETER_TRY(validated(&storage::validate_commentary, c));
  auto tx = Transaction::begin(c_, kWrite);
  if (!tx) return tx.error();
  BAROMETER_TRY(check_commentary_refs(c));
  // Parts first: evidence lines go with their evidence (cascade).
  for (const char* sql : {"DELETE FROM commentary_authors WHERE commentary_id = ?",
                          "DELETE FROM commentary_translations WHERE commentary_id = ?",
                          "DELETE FROM evidence WHERE commentary_id = ?"}) {
    auto del = c_.prepare(sql);
    if (!del) return del.error();
    BAROMETER_TRY(del->bind(1, c.id).run());
  }
  auto st = c_.prepare(
      "UPDATE commentaries SET topic_id = ?, period_start = ?, period_id = ?, assessment = ?, outlook = ?, "
      "status = ?, published_at = ?, updated_at = ? WHERE id = ?");
  if (!st) return st.error();
  st->bind(1, c.topic_id).bind(2, to_iso(c.period.start())).bind(3, c.period.id());
  st->bind(4, to_string(c.assessment)).bind(5, to_string(c.outlook)).bind(6, to_string(c.status));
  if (c.published_at) st->bind(7, to_unix(*c.published_at)); else st->bind_null(7);
  st->bind(8, to_unix(c.updated_at)).bind(9, c.id);
  BAROMETER_TRY(update(*st, detail::period_taken(c), "no commentary with id " + std::to_string(c.id)));
  BAROMETER_TRY(write_commentary_parts(c.id, c));
  BAROMETER_TRY(search_index::refresh<D>(c_, c.id));  // the search index, in the same transaction
  return tx->commit();
}

// --- Reads

template <class D>
Result<std::vector<Commentary>> ConnectionStore<D>::load_commentaries(Statement& rows) {
  std::vector<Commentary> out;
  std::map<Id, std::size_t> index;
  for (;;) {
    auto row = rows.step();
    if (!row) return row.error();
    if (!*row) break;
    Commentary c;
    c.id = rows.int64(0);
    c.topic_id = rows.int64(1);
    auto period = detail::period_from(rows.text(2));
    if (!period) return period.error();
    c.period = *period;
    c.assessment = parse_assessment(rows.text(3)).value_or(Assessment::unchanged);
    c.outlook = parse_outlook(rows.text(4)).value_or(Outlook::none);
    c.status = parse_commentary_status(rows.text(5)).value_or(CommentaryStatus::draft);
    if (!rows.is_null(6)) c.published_at = from_unix(rows.int64(6));
    c.updated_at = from_unix(rows.int64(7));
    index[c.id] = out.size();
    out.push_back(std::move(c));
  }
  if (out.empty()) return out;
  const std::string ids = D::list(detail::ids_of(out));
  auto each = [&](const std::string& sql, auto&& per_row) -> Status {
    auto st = c_.prepare(sql);
    if (!st) return st.error();
    st->bind(1, ids);
    for (;;) {
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) return {};
      auto it = index.find(st->int64(0));
      if (it != index.end()) per_row(*st, out[it->second]);
    }
  };
  BAROMETER_TRY(each(
      std::string("SELECT commentary_id, author_id FROM commentary_authors WHERE commentary_id") + D::kInList +
          " ORDER BY commentary_id, position",
      [](Statement& st, Commentary& c) { c.author_ids.push_back(st.int64(1)); }));
  BAROMETER_TRY(each(
      std::string("SELECT commentary_id, lang, title, lead, body, slug FROM commentary_translations "
                  "WHERE commentary_id") + D::kInList,
      [](Statement& st, Commentary& c) {
        c.translations[st.text(1)] = Translation{st.text(2), st.text(3), st.text(4), st.text(5)};
      }));
  // Evidence rows are appended in order; lines are attached by evidence id afterwards.
  std::map<Id, Evidence*> evidence_by_id;
  std::vector<std::pair<Id, std::size_t>> evidence_owner;  // evidence id -> commentary index
  BAROMETER_TRY(each(
      std::string("SELECT commentary_id, id, event_date, source_url FROM evidence WHERE commentary_id") + D::kInList +
          " ORDER BY commentary_id, event_date, position",
      [&](Statement& st, Commentary& c) {
        Evidence e;
        auto date = parse_iso_date(st.text(2));
        e.date = date ? *date : Date{};
        e.source_url = st.text(3);
        c.evidence.push_back(std::move(e));
        evidence_owner.emplace_back(st.int64(1), index[c.id]);
      }));
  // Pointers taken only now: the vectors above no longer grow.
  std::map<std::size_t, std::size_t> next_in;  // commentary index -> next evidence slot
  for (const auto& [evidence_id, owner] : evidence_owner)
    evidence_by_id[evidence_id] = &out[owner].evidence[next_in[owner]++];
  BAROMETER_TRY(each(
      std::string("SELECT e.commentary_id, l.evidence_id, l.lang, l.line FROM evidence_lines l "
                  "JOIN evidence e ON e.id = l.evidence_id WHERE e.commentary_id") + D::kInList,
      [&](Statement& st, Commentary&) {
        auto it = evidence_by_id.find(st.int64(1));
        if (it != evidence_by_id.end()) it->second->line[st.text(2)] = st.text(3);
      }));
  return out;
}

template <class D>
Result<Commentary> ConnectionStore<D>::get_commentary(Id id) {
  auto tx = Transaction::begin(c_, kRead);
  if (!tx) return tx.error();
  auto st = c_.prepare(std::string("SELECT ") + detail::kCommentaryColumns + " FROM commentaries c WHERE c.id = ?");
  if (!st) return st.error();
  st->bind(1, id);
  return first_of(load_commentaries(*st), "no commentary with id " + std::to_string(id));
}

template <class D>
Result<Commentary> ConnectionStore<D>::find_published(Id topic_id, const LangCode& lang, std::string_view slug) {
  auto tx = Transaction::begin(c_, kRead);
  if (!tx) return tx.error();
  auto st = c_.prepare(std::string("SELECT ") + detail::kCommentaryColumns +
                       " FROM commentary_translations t JOIN commentaries c ON c.id = t.commentary_id"
                       " WHERE t.topic_id = ? AND t.lang = ? AND t.slug = ? AND c.status = 'published'");
  if (!st) return st.error();
  st->bind(1, topic_id).bind(2, lang).bind(3, slug);
  return first_of(load_commentaries(*st), "no published commentary \"" + std::string(slug) + "\" in " + lang);
}

template <class D>
Result<std::vector<Commentary>> ConnectionStore<D>::find_commentaries(const CommentaryFilter& filter) {
  auto f = detail::filter_sql(filter);
  if (!f) return f.error();
  auto tx = Transaction::begin(c_, kRead);
  if (!tx) return tx.error();
  auto st = c_.prepare(std::string("SELECT ") + detail::kCommentaryColumns +
                       " FROM commentaries c JOIN topics t ON t.id = c.topic_id" + f->where +
                       detail::order_and_page(filter, D::kNoLimit));
  if (!st) return st.error();
  detail::bind_params(*st, *f);
  return load_commentaries(*st);
}

template <class D>
Result<int> ConnectionStore<D>::count_commentaries(const CommentaryFilter& filter) {
  auto f = detail::filter_sql(filter);
  if (!f) return f.error();
  auto st = c_.prepare("SELECT COUNT(*) FROM commentaries c" + f->where);
  if (!st) return st.error();
  detail::bind_params(*st, *f);
  auto row = st->step();
  if (!row) return row.error();
  return st->int32(0);
}

template <class D>
Result<std::vector<Marker>> ConnectionStore<D>::find_markers(const CommentaryFilter& filter) {
  auto f = detail::filter_sql(filter);
  if (!f) return f.error();
  auto tx = Transaction::begin(c_, kRead);  // the markers and their texts from one snapshot
  if (!tx) return tx.error();
  auto st = c_.prepare("SELECT c.id, c.topic_id, c.period_start, c.assessment, c.outlook"
                       " FROM commentaries c JOIN topics t ON t.id = c.topic_id" + f->where +
                       detail::order_and_page(filter, D::kNoLimit));
  if (!st) return st.error();
  detail::bind_params(*st, *f);
  std::vector<Marker> out;
  std::unordered_map<Id, std::size_t> index;
  std::vector<std::string> ids;
  for (;;) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) break;
    auto period = detail::period_from(st->text(2));
    if (!period) return period.error();
    index[st->int64(0)] = out.size();
    ids.push_back(std::to_string(st->int64(0)));
    out.push_back(Marker{st->int64(0), st->int64(1), *period,
                         parse_assessment(st->text(3)).value_or(Assessment::unchanged),
                         parse_outlook(st->text(4)).value_or(Outlook::none), {}});
  }
  if (out.empty() || !filter.marker_texts) return out;
  // Every marker's slugs, titles and leads in one more query, whatever the number of markers.
  auto texts = c_.prepare(std::string("SELECT commentary_id, lang, slug, title, lead FROM commentary_translations "
                                      "WHERE commentary_id") + D::kInList + " ORDER BY commentary_id, lang");
  if (!texts) return texts.error();
  texts->bind(1, D::list(ids));
  for (;;) {
    auto row = texts->step();
    if (!row) return row.error();
    if (!*row) return out;
    auto it = index.find(texts->int64(0));
    if (it != index.end()) out[it->second].texts.push_back(MarkerText{texts->text(1), texts->text(2), texts->text(3), texts->text(4)});
  }
}

template <class D>
Result<bool> ConnectionStore<D>::has_due(Instant now) {
  auto st = c_.prepare("SELECT 1 FROM commentaries WHERE status = 'scheduled' AND published_at <= ? LIMIT 1");
  if (!st) return st.error();
  st->bind(1, to_unix(now));
  auto row = st->step();
  if (!row) return row.error();
  return *row;
}

template <class D>
Result<std::vector<Id>> ConnectionStore<D>::publish_due(Instant now) {
  // One conditional UPDATE: the WHERE is re-checked under the row lock (PostgreSQL re-evaluates
  // it after a concurrent writer commits; SQLite's write transaction excludes other writers), so
  // a racing caller finds the rows already published and returns nothing for them.
  auto tx = Transaction::begin(c_, kWrite);
  if (!tx) return tx.error();
  auto st = c_.prepare(
      "UPDATE commentaries SET status = 'published', updated_at = ? "
      "WHERE status = 'scheduled' AND published_at IS NOT NULL AND published_at <= ? RETURNING id");
  if (!st) return st.error();
  st->bind(1, to_unix(now)).bind(2, to_unix(now));
  std::vector<Id> ids;
  for (;;) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) break;
    ids.push_back(st->int64(0));
  }
  for (Id id : ids) BAROMETER_TRY(search_index::refresh<D>(c_, id));
  BAROMETER_TRY(tx->commit());
  std::sort(ids.begin(), ids.end());
  return ids;
}

// --- Periods

template <class D>
Result<std::optional<Period>> ConnectionStore<D>::latest_published_period() {
  auto st = c_.prepare("SELECT MAX(period_start) FROM commentaries WHERE status = 'published'");
  if (!st) return st.error();
  return detail::single_period(*st);
}

template <class D>
Result<std::optional<Period>> ConnectionStore<D>::adjacent_published_period(const Period& from, Direction dir) {
  auto st = c_.prepare(dir == Direction::previous
                           ? "SELECT MAX(period_start) FROM commentaries WHERE status = 'published' AND period_start < ?"
                           : "SELECT MIN(period_start) FROM commentaries WHERE status = 'published' AND period_start > ?");
  if (!st) return st.error();
  st->bind(1, to_iso(from.start()));
  return detail::single_period(*st);
}

}  // namespace barometer::sql
