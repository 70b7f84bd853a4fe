-- Indexes for the Store's queries (storage/store.hpp) beyond those the UNIQUE keys give.

-- Reader queries: published commentaries by period (home page, period pages, latest/adjacent).
CREATE INDEX commentaries_status_period ON commentaries (status, period_start);
-- All commentaries of a period (the editor's board).
CREATE INDEX commentaries_period ON commentaries (period_start);
-- An author's commentaries.
CREATE INDEX commentary_authors_author ON commentary_authors (author_id, commentary_id);
-- Child columns referencing languages, so removing an unused language does not scan.
CREATE INDEX topic_texts_lang ON topic_texts (lang);
CREATE INDEX author_texts_lang ON author_texts (lang);
CREATE INDEX commentary_translations_lang ON commentary_translations (lang);
CREATE INDEX evidence_lines_lang ON evidence_lines (lang);
