#include "services/editorial/site_content.hpp"

#include <algorithm>
#include <utility>

namespace barometer::editorial {

namespace {

using staff::Permission;

// The audit detail of an update that renamed its slug or key: "slug was old".
std::string renamed(const char* what, const std::string& was, const std::string& now) {
  return was == now ? std::string() : std::string(what) + " was " + was;
}

// Runs `add` (Store& -> Result<Id>) as an audited change and returns `entity` with its new id.
template <class Entity, class Add>
Result<Entity> add_entity(history::AuditedChanges& changes, const StaffUser& by, const std::string& action,
                          const std::string& subject, Entity entity, const Add& add) {
  Status s = changes.run(by, Permission::manage_content, action, subject,
                         [&](Facets& tx, std::string&) -> Result<std::string> {
                           auto id = add(tx.content, entity);
                           if (!id) return id.error();
                           entity.id = *id;
                           return std::string();
                         });
  if (!s) return s.error();
  return entity;
}

}  // namespace

Result<Topic> SiteContent::add_topic(const StaffUser& by, Topic topic) {
  const std::string subject = "topic:" + topic.slug;  // before topic is moved
  return add_entity(changes_, by, "topic.create", subject, std::move(topic),
                    [](Store& tx, Topic& t) -> Result<Id> {
                      // Last on the home page: after the highest position stored.
                      auto all = tx.list_topics();
                      if (!all) return all.error();
                      int last = 0;
                      for (const auto& other : *all) last = std::max(last, other.position);
                      t.position = last + 1;
                      return tx.add_topic(t);
                    });
}

Status SiteContent::update_topic(const StaffUser& by, const Topic& topic, const Topic& was) {
  return changes_.run(by, Permission::manage_content, "topic.update", "topic:" + topic.slug,
                      [&](Facets& tx, std::string&) -> Result<std::string> {
                        if (auto s = tx.content.update_topic(topic); !s) return s.error();
                        return renamed("slug", was.slug, topic.slug);
                      });
}

Status SiteContent::move_topic(const StaffUser& by, const std::string& slug, Move direction) {
  const bool up = direction == Move::up;
  return changes_.run(by, Permission::manage_content, "topic.move", "topic:" + slug,
                      [&](Facets& tx, std::string&) -> Result<std::string> {
                        auto topics = tx.content.list_topics();
                        if (!topics) return topics.error();
                        auto it = std::find_if(topics->begin(), topics->end(),
                                               [&](const Topic& t) { return t.slug == slug; });
                        if (it == topics->end()) return not_found("no topic " + slug);
                        auto i = static_cast<std::size_t>(it - topics->begin());
                        if (up && i > 0) std::swap((*topics)[i], (*topics)[i - 1]);
                        if (!up && i + 1 < topics->size()) std::swap((*topics)[i], (*topics)[i + 1]);
                        for (std::size_t k = 0; k < topics->size(); ++k) {
                          Topic& t = (*topics)[k];
                          if (t.position == static_cast<int>(k) + 1) continue;
                          t.position = static_cast<int>(k) + 1;
                          if (auto u = tx.content.update_topic(t); !u) return u.error();
                        }
                        return std::string(up ? "up" : "down");
                      });
}

Result<Author> SiteContent::add_author(const StaffUser& by, Author author) {
  const std::string subject = "author:" + author.slug;  // before author is moved
  return add_entity(changes_, by, "author.create", subject, std::move(author),
                    [](Store& tx, const Author& a) { return tx.add_author(a); });
}

Status SiteContent::update_author(const StaffUser& by, const Author& author, const Author& was) {
  return changes_.run(by, Permission::manage_content, "author.update", "author:" + author.slug,
                      [&](Facets& tx, std::string&) -> Result<std::string> {
                        if (auto s = tx.content.update_author(author); !s) return s.error();
                        return renamed("slug", was.slug, author.slug);
                      });
}

Result<Page> SiteContent::add_page(const StaffUser& by, Page page) {
  const std::string subject = "page:" + page.key;  // before page is moved
  return add_entity(changes_, by, "page.create", subject, std::move(page),
                    [](Store& tx, const Page& p) { return tx.add_page(p); });
}

Status SiteContent::update_page(const StaffUser& by, const Page& page, const Page& was) {
  return changes_.run(by, Permission::manage_content, "page.update", "page:" + page.key,
                      [&](Facets& tx, std::string&) -> Result<std::string> {
                        if (auto s = tx.content.update_page(page); !s) return s.error();
                        return renamed("key", was.key, page.key);
                      });
}

Status SiteContent::save_settings(const StaffUser& by, const Site& site) {
  return changes_.run(by, Permission::manage_staff, "site.update", "site",
                      [&](Facets& tx, std::string&) -> Result<std::string> {
                        if (auto s = tx.content.save_site(site); !s) return s.error();
                        std::string detail;
                        for (const auto& l : site.languages) detail += (detail.empty() ? "languages " : ",") + l.code;
                        return detail + "; time zone " + site.time_zone;
                      });
}

}  // namespace barometer::editorial
