"""Numbered migrations, applied in one transaction each after a backup (PRAGMA user_version)."""

from __future__ import annotations

# Each migration is one SQL script. They run inside BEGIN IMMEDIATE ... COMMIT; a failure rolls
# the whole step back. Before this project's first release, migration 1 may still be edited.
MIGRATIONS: list[str] = [
    # 1: articles, full-text index, entities, topics, terms, notes, searches.
    """
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        format TEXT NOT NULL DEFAULT 'txt',
        title TEXT NOT NULL DEFAULT '',
        outlet TEXT NOT NULL DEFAULT '',
        byline TEXT NOT NULL DEFAULT '',
        published TEXT,
        date_precision TEXT,
        date_note TEXT NOT NULL DEFAULT '',
        year INTEGER,
        dateline TEXT NOT NULL DEFAULT '',
        language TEXT NOT NULL DEFAULT 'en',
        url TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL,
        comments TEXT NOT NULL DEFAULT '',
        content_hash TEXT NOT NULL,
        encoding TEXT NOT NULL DEFAULT 'utf-8',
        encoding_flagged INTEGER NOT NULL DEFAULT 0,
        file_size INTEGER,
        file_mtime REAL,
        nlp_done INTEGER NOT NULL DEFAULT 0,
        ingested_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE UNIQUE INDEX articles_source ON articles(source);
    CREATE UNIQUE INDEX articles_hash ON articles(content_hash);
    CREATE INDEX articles_year ON articles(year);
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_outlet ON articles(outlet COLLATE NOCASE);

    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, byline, outlet, body,
        content='articles', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', prefix='2 3'
    );
    CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, byline, outlet, body)
        VALUES (new.id, new.title, new.byline, new.outlet, new.body);
    END;
    CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, byline, outlet, body)
        VALUES ('delete', old.id, old.title, old.byline, old.outlet, old.body);
    END;
    CREATE TRIGGER articles_au AFTER UPDATE OF title, byline, outlet, body ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, byline, outlet, body)
        VALUES ('delete', old.id, old.title, old.byline, old.outlet, old.body);
        INSERT INTO articles_fts(rowid, title, byline, outlet, body)
        VALUES (new.id, new.title, new.byline, new.outlet, new.body);
    END;
    CREATE VIRTUAL TABLE articles_vocab USING fts5vocab('articles_fts', 'row');

    CREATE TABLE entities (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        norm_key TEXT NOT NULL,
        article_count INTEGER NOT NULL DEFAULT 0,
        UNIQUE (kind, norm_key)
    );
    CREATE TABLE aliases (
        id INTEGER PRIMARY KEY,
        alias TEXT NOT NULL,
        alias_key TEXT NOT NULL,
        kind TEXT NOT NULL,
        entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        origin TEXT NOT NULL DEFAULT 'auto',
        created_at TEXT NOT NULL,
        UNIQUE (kind, alias_key, origin)
    );
    CREATE INDEX aliases_entity ON aliases(entity_id);
    CREATE TABLE mentions (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        role TEXT NOT NULL DEFAULT 'mention',
        count INTEGER NOT NULL DEFAULT 1,
        spans TEXT NOT NULL DEFAULT '[]',
        surface TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (article_id, entity_id, role)
    );
    CREATE INDEX mentions_entity ON mentions(entity_id, role, article_id, count);
    CREATE TABLE user_merges (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        from_key TEXT NOT NULL,
        from_name TEXT NOT NULL,
        to_kind TEXT NOT NULL DEFAULT '',
        to_key TEXT NOT NULL,
        to_name TEXT NOT NULL,
        action TEXT NOT NULL DEFAULT 'merge',
        created_at TEXT NOT NULL,
        UNIQUE (kind, from_key)
    );

    CREATE TABLE topics (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        norm_key TEXT NOT NULL UNIQUE,
        query TEXT,
        article_count INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
    );
    CREATE TABLE article_topics (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        topic_id INTEGER NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
        score REAL NOT NULL DEFAULT 0,
        count INTEGER NOT NULL DEFAULT 1,
        PRIMARY KEY (article_id, topic_id)
    );
    CREATE INDEX article_topics_topic ON article_topics(topic_id, article_id);

    CREATE TABLE terms (
        id INTEGER PRIMARY KEY,
        term TEXT NOT NULL UNIQUE
    );
    CREATE TABLE article_terms (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        total INTEGER NOT NULL,  -- before the blobs: summing it never reads overflow pages
        term_ids BLOB NOT NULL,
        counts BLOB NOT NULL
    );

    CREATE TABLE notes (
        id INTEGER PRIMARY KEY,
        article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
        quote TEXT NOT NULL DEFAULT '',
        start_offset INTEGER,
        end_offset INTEGER,
        quote_hash TEXT NOT NULL DEFAULT '',
        anchor TEXT NOT NULL DEFAULT 'ok',
        comment TEXT NOT NULL DEFAULT '',
        cite_title TEXT NOT NULL DEFAULT '',
        cite_outlet TEXT NOT NULL DEFAULT '',
        cite_byline TEXT NOT NULL DEFAULT '',
        cite_published TEXT,
        cite_source TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX notes_article ON notes(article_id);
    CREATE TABLE note_tags (
        note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY (note_id, tag)
    );
    CREATE INDEX note_tags_tag ON note_tags(tag);

    CREATE TABLE searches (
        id INTEGER PRIMARY KEY,
        query TEXT NOT NULL,
        name TEXT UNIQUE,
        used_at TEXT NOT NULL
    );
    CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
    # 2: merge suggestions the user rejected, by name keys so they survive re-ingest.
    """
    CREATE TABLE merge_rejections (
        kind TEXT NOT NULL,  -- the kinds' group: PERSON, ORG, PLACE, ...
        key_a TEXT NOT NULL,  -- the two name keys, key_a < key_b
        key_b TEXT NOT NULL,
        name_a TEXT NOT NULL,
        name_b TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (kind, key_a, key_b)
    );
    """,
    # 3: new articles reach the full-text index from the writer (`index_new_articles`, a batch
    # in one statement), not from an insert trigger: FTS5 writes out its pending index at every
    # statement savepoint, so indexing each row as it is inserted cost about 1 ms an article
    # instead of 0.25 ms. Updates and deletes are rare and keep their triggers.
    """
    DROP TRIGGER articles_ai;
    """,
]

LATEST_VERSION = len(MIGRATIONS)
