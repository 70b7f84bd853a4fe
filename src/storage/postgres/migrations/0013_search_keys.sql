-- The search's keys beside the documents (issue 14, docs/decisions/0017-search.md, "Speed").
-- Mirrors storage/sqlite/migrations/0013_search_keys.sql: a ranked search reads, for every match,
-- its document's language and commentary; with this index PostgreSQL can read them without the
-- table's wide rows (an index-only scan where the visibility map allows; its planner chooses).
CREATE INDEX search_documents_keys ON search_documents (id, lang, commentary_id);
