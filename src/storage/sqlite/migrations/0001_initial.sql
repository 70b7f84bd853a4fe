-- The initial schema. Kept close to portable SQL: the PostgreSQL backend mirrors it table for
-- table (INTEGER PRIMARY KEY becomes BIGINT GENERATED ... AS IDENTITY there). Dates are ISO text,
-- instants unix seconds, enumerations CHECKed text.

CREATE TABLE site (
  id         INTEGER PRIMARY KEY CHECK (id = 1),  -- one row
  base_url   TEXT NOT NULL,
  time_zone  TEXT NOT NULL
);

CREATE TABLE languages (
  code        TEXT PRIMARY KEY,
  position    INTEGER NOT NULL,  -- 0 is the default language
  name        TEXT NOT NULL,
  icu_locale  TEXT NOT NULL
);

CREATE TABLE site_texts (
  lang     TEXT PRIMARY KEY REFERENCES languages (code) ON DELETE CASCADE,
  name     TEXT NOT NULL,
  subject  TEXT NOT NULL
);

CREATE TABLE topics (
  id        INTEGER PRIMARY KEY,
  slug      TEXT NOT NULL UNIQUE,
  position  INTEGER NOT NULL
);

CREATE TABLE topic_texts (
  topic_id     INTEGER NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
  lang         TEXT NOT NULL REFERENCES languages (code),
  name         TEXT NOT NULL,
  description  TEXT NOT NULL,
  PRIMARY KEY (topic_id, lang)
);

CREATE TABLE authors (
  id    INTEGER PRIMARY KEY,
  slug  TEXT NOT NULL UNIQUE
);

CREATE TABLE author_texts (
  author_id  INTEGER NOT NULL REFERENCES authors (id) ON DELETE CASCADE,
  lang       TEXT NOT NULL REFERENCES languages (code),
  name       TEXT NOT NULL,
  bio        TEXT NOT NULL,
  PRIMARY KEY (author_id, lang)
);

CREATE TABLE pages (
  id        INTEGER PRIMARY KEY,
  key       TEXT NOT NULL UNIQUE,
  position  INTEGER NOT NULL
);

CREATE TABLE page_texts (
  page_id  INTEGER NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
  lang     TEXT NOT NULL REFERENCES languages (code),
  slug     TEXT NOT NULL,
  title    TEXT NOT NULL,
  body     TEXT NOT NULL,
  PRIMARY KEY (page_id, lang),
  UNIQUE (lang, slug)
);

-- A topic with commentaries cannot be deleted (no cascade): its history is the product.
CREATE TABLE commentaries (
  id            INTEGER PRIMARY KEY,
  topic_id      INTEGER NOT NULL REFERENCES topics (id),
  period_start  TEXT NOT NULL,  -- the period's Monday, "2022-02-28"; orders periods
  period_id     TEXT NOT NULL,  -- "2022-W09", for readers of the raw data
  assessment    TEXT NOT NULL CHECK (assessment IN ('worse', 'better', 'unchanged')),
  outlook       TEXT NOT NULL DEFAULT '' CHECK (outlook IN ('', 'risk', 'opportunity')),
  status        TEXT NOT NULL CHECK (status IN ('draft', 'review', 'scheduled', 'published')),
  published_at  INTEGER,          -- unix seconds
  updated_at    INTEGER NOT NULL, -- unix seconds
  UNIQUE (topic_id, period_start),
  UNIQUE (id, topic_id)           -- target of commentary_translations' composite key
);

CREATE TABLE commentary_authors (
  commentary_id  INTEGER NOT NULL REFERENCES commentaries (id) ON DELETE CASCADE,
  author_id      INTEGER NOT NULL REFERENCES authors (id),
  position       INTEGER NOT NULL,  -- byline order
  PRIMARY KEY (commentary_id, author_id)
);

-- topic_id is denormalised so the database itself keeps slugs unique per (topic, language);
-- the composite foreign key keeps it equal to the commentary's topic.
CREATE TABLE commentary_translations (
  commentary_id  INTEGER NOT NULL,
  topic_id       INTEGER NOT NULL,
  lang           TEXT NOT NULL REFERENCES languages (code),
  title          TEXT NOT NULL,
  lead           TEXT NOT NULL,
  body           TEXT NOT NULL,
  slug           TEXT NOT NULL,
  PRIMARY KEY (commentary_id, lang),
  UNIQUE (topic_id, lang, slug),
  FOREIGN KEY (commentary_id, topic_id) REFERENCES commentaries (id, topic_id)
    ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE evidence (
  id             INTEGER PRIMARY KEY,
  commentary_id  INTEGER NOT NULL REFERENCES commentaries (id) ON DELETE CASCADE,
  position       INTEGER NOT NULL,  -- order among events of the same date
  event_date     TEXT NOT NULL,     -- "2022-03-01"
  source_url     TEXT NOT NULL DEFAULT '',
  UNIQUE (commentary_id, position)
);

CREATE TABLE evidence_lines (
  evidence_id  INTEGER NOT NULL REFERENCES evidence (id) ON DELETE CASCADE,
  lang         TEXT NOT NULL REFERENCES languages (code),
  line         TEXT NOT NULL,
  PRIMARY KEY (evidence_id, lang)
);
