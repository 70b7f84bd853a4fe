// Checks on values before they are written, shared by every write of both store backends. Each
// returns invalid with a message naming the field ("translations[ru].slug: ..."). Backend-neutral:
// the PostgreSQL backend can use them as they are (they only need the set of known languages).
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "domain/author.hpp"
#include "domain/commentary.hpp"
#include "domain/page.hpp"
#include "domain/result.hpp"
#include "domain/site.hpp"
#include "domain/topic.hpp"

namespace barometer::storage {

using KnownLanguages = std::set<LangCode>;

// Non-empty, at most 200 characters, [a-z0-9] with single inner hyphens.
bool is_storable_slug(std::string_view slug);

Status validate_site(const Site& site);
Status validate_topic(const Topic& topic, const KnownLanguages& languages);
Status validate_author(const Author& author, const KnownLanguages& languages);
Status validate_page(const Page& page, const KnownLanguages& languages);
// Shape only; whether topic and authors exist is checked against the database by the caller.
Status validate_commentary(const Commentary& commentary, const KnownLanguages& languages);

}  // namespace barometer::storage
