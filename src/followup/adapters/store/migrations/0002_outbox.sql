-- The outbox (issue 7, reliability.md §1.1): composed messages on their way out, and the
-- incoming mails already looked at by reply detection. Instants are UTC ISO strings with
-- microseconds, so string order is time order.

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    message_id      TEXT NOT NULL UNIQUE,   -- the idempotency key, generated at queue time
    followup_id     INTEGER REFERENCES followups (id) ON DELETE SET NULL,
    via             TEXT NOT NULL CHECK (via IN ('smtp', 'drafts', 'eml')),
    sender          TEXT NOT NULL,
    recipients      TEXT NOT NULL,          -- JSON list of addresses
    subject         TEXT NOT NULL DEFAULT '',
    raw             BLOB NOT NULL,          -- exactly the bytes that are sent
    state           TEXT NOT NULL CHECK (state IN
                        ('queued', 'sending', 'sent', 'sent_partial', 'retry', 'failed', 'unknown')),
    phase           TEXT NOT NULL DEFAULT 'none' CHECK (phase IN
                        ('none', 'connect', 'envelope', 'data')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    scheduled_at    TEXT NOT NULL,
    next_attempt_at TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    results         TEXT NOT NULL DEFAULT '[]',  -- JSON per-recipient [address, code, text]
    last_error      TEXT NOT NULL DEFAULT '',
    sent_at         TEXT,
    location        TEXT NOT NULL DEFAULT '',
    copy_pending    INTEGER NOT NULL DEFAULT 0
);
-- The claim reads due rows in order: keep that a range scan.
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
-- One outgoing message per follow-up: a double submit finds the first one (A14).
CREATE UNIQUE INDEX outbox_followup ON outbox (followup_id) WHERE followup_id IS NOT NULL;

CREATE TABLE imap_seen (
    key     TEXT PRIMARY KEY,   -- "imap:<folder>:<uidvalidity>:<uid>" or "msgid:<id>"
    seen_at TEXT NOT NULL
);
