-- Full-text search (issue 14, docs/decisions/0017-search.md).
-- Mirrored by storage/postgres/migrations/0010_search.sql, which keeps an application-built
-- tsvector where this keeps an FTS5 table.

-- One document per published translation: the text the index holds and the results show. The
-- content store rewrites a commentary's rows in the same transaction as every write of it
-- (storage/sql/search_sql.hpp); rows exist only while the commentary is published.
CREATE TABLE search_documents (
  id            INTEGER PRIMARY KEY,
  commentary_id INTEGER NOT NULL REFERENCES commentaries (id) ON DELETE CASCADE,
  lang          TEXT NOT NULL,
  title         TEXT NOT NULL,
  lead          TEXT NOT NULL,
  body          TEXT NOT NULL,   -- Markdown, as stored
  slug          TEXT NOT NULL,
  UNIQUE (commentary_id, lang)
);

-- The FTS5 index over it (external content: the text is kept once, in search_documents),
-- tokenized by the application's analyser, which the backend registers as "barometer" on every
-- connection (storage/sqlite/search_tokenizer.hpp). A connection without it cannot read this
-- table: the sqlite3 shell can read search_documents, not search_fts.
CREATE VIRTUAL TABLE search_fts USING fts5(
  title, lead, body, content = 'search_documents', content_rowid = 'id', tokenize = 'barometer');

CREATE TRIGGER search_documents_indexed AFTER INSERT ON search_documents BEGIN
  INSERT INTO search_fts (rowid, title, lead, body) VALUES (new.id, new.title, new.lead, new.body);
END;
CREATE TRIGGER search_documents_unindexed AFTER DELETE ON search_documents BEGIN
  INSERT INTO search_fts (search_fts, rowid, title, lead, body)
    VALUES ('delete', old.id, old.title, old.lead, old.body);
END;

-- What is already published becomes searchable now.
INSERT INTO search_documents (commentary_id, lang, title, lead, body, slug)
  SELECT t.commentary_id, t.lang, t.title, t.lead, t.body, t.slug
  FROM commentary_translations t JOIN commentaries c ON c.id = t.commentary_id
  WHERE c.status = 'published'
  ORDER BY t.commentary_id, t.lang;
