-- Beyond the interview (issue 9): company feeds, their items, and offer concerns.
-- Instants are UTC ISO 8601 strings, as in 0001.

-- What we remember about each company feed between fetches (conditional GET).
CREATE TABLE feed_state (
    company_id    INTEGER NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    url           TEXT NOT NULL,
    etag          TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    checked_at    TEXT,
    ok_at         TEXT,
    error         TEXT NOT NULL DEFAULT '',
    title         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (company_id, url)
);

-- Feed items, one per company and key (guid, else link, else a hash): fetching twice stores once.
CREATE TABLE news_items (
    id         INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    feed_url   TEXT NOT NULL,
    key        TEXT NOT NULL,
    title      TEXT NOT NULL,
    link       TEXT NOT NULL DEFAULT '',
    summary    TEXT NOT NULL DEFAULT '',
    published  TEXT,
    fetched_at TEXT NOT NULL,
    seen_at    TEXT NOT NULL,
    category   TEXT NOT NULL,
    matched    TEXT NOT NULL DEFAULT '[]'
);
CREATE UNIQUE INDEX news_items_key ON news_items (company_id, key);
CREATE INDEX news_items_seen ON news_items (seen_at);

-- What the candidate still wants clarified about an offer (OFFER-004); the offer itself
-- is the application's stage, its deadline the application's decision_by.
CREATE TABLE offers (
    application_id INTEGER PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
    concerns       TEXT NOT NULL DEFAULT '[]',
    updated_at     TEXT NOT NULL
);
