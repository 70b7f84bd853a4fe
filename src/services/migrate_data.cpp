#include "services/migrate_data.hpp"

#include <map>

namespace barometer {

namespace {

Status copy(const ContentSnapshot& s, Store& tx) {
  if (auto saved = tx.save_site(s.site); !saved) return saved;
  std::map<Id, Id> topic_ids, author_ids;
  for (Topic t : s.topics) {
    Id old = t.id;
    t.id = 0;
    auto id = tx.add_topic(t);
    if (!id) return id.error();
    topic_ids[old] = *id;
  }
  for (Author a : s.authors) {
    Id old = a.id;
    a.id = 0;
    auto id = tx.add_author(a);
    if (!id) return id.error();
    author_ids[old] = *id;
  }
  for (Page p : s.pages) {
    p.id = 0;
    if (auto id = tx.add_page(p); !id) return id.error();
  }
  for (Commentary c : s.commentaries) {
    c.id = 0;
    c.topic_id = topic_ids.at(c.topic_id);  // the source's own foreign keys guarantee presence
    for (auto& a : c.author_ids) a = author_ids.at(a);
    if (auto id = tx.add_commentary(c); !id) return id.error();
  }
  return {};
}

}  // namespace

Result<MigrateDataReport> migrate_data(Store& from, Store& to, const MigrateDataOptions& options) {
  auto source = read_content(from);
  if (!source) {
    if (source.code() == ErrorCode::not_found) return not_found("the source database holds no site");
    return source.error();
  }
  auto empty = content_is_empty(to);
  if (!empty) return empty.error();
  if (!*empty && !options.force_into_non_empty)
    return conflict("the target database is not empty; refusing to mix two sites (force to copy anyway)");
  if (auto s = to.transact([&](Store& tx) { return copy(*source, tx); }); !s) return s.error();

  MigrateDataReport report;
  auto source_counts = count_content(from);
  if (!source_counts) return source_counts.error();
  auto target_counts = count_content(to);
  if (!target_counts) return target_counts.error();
  report.source = *source_counts;
  report.target = *target_counts;
  auto source_dump = canonical_dump(from);
  if (!source_dump) return source_dump.error();
  auto target_dump = canonical_dump(to);
  if (!target_dump) return target_dump.error();
  report.source_checksum = content_checksum(*source_dump);
  report.target_checksum = content_checksum(*target_dump);
  if (!*empty) return report;  // forced into existing content: the target holds more than the source
  if (report.source != report.target)
    return io_error("copied, but the counts differ: source has " + describe(report.source) + "; target has " +
                    describe(report.target));
  if (report.source_checksum != report.target_checksum)
    return io_error("copied, but the content differs: checksum " + report.source_checksum + " (source) vs " +
                    report.target_checksum + " (target)");
  return report;
}

}  // namespace barometer
