-- The search's keys beside the documents (issue 14, docs/decisions/0017-search.md, "Speed").
-- Mirrored by storage/postgres/migrations/0013_search_keys.sql.
--
-- A ranked search reads, for every match of the index, its document's language and commentary
-- (storage/sql/search_sql.hpp). From search_documents itself that is a look-up in a table whose
-- rows carry the whole text (a third of all its pages for a word like "week"); this index holds
-- only the keys, so the same look-up reads a few narrow pages. SQLite's planner would take the
-- table by its rowid: the statement names this index (INDEXED BY, storage/sqlite/connection_store.hpp).
CREATE INDEX search_documents_keys ON search_documents (id, lang, commentary_id);
