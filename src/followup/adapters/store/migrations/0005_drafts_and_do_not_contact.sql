-- Issue 17: a message saved to Drafts has its own outbox state ('in_drafts'), since it is
-- not sent until the user sends it; and a contact can be marked "do not contact".
-- SQLite cannot change a CHECK constraint in place, so the outbox table is rebuilt.

CREATE TABLE outbox_new (
    id              INTEGER PRIMARY KEY,
    message_id      TEXT NOT NULL UNIQUE,
    followup_id     INTEGER REFERENCES followups (id) ON DELETE SET NULL,
    via             TEXT NOT NULL CHECK (via IN ('smtp', 'drafts', 'eml')),
    sender          TEXT NOT NULL,
    recipients      TEXT NOT NULL,
    subject         TEXT NOT NULL DEFAULT '',
    raw             BLOB NOT NULL,
    state           TEXT NOT NULL CHECK (state IN
                        ('queued', 'sending', 'sent', 'sent_partial', 'retry', 'failed', 'unknown',
                         'in_drafts')),
    phase           TEXT NOT NULL DEFAULT 'none' CHECK (phase IN
                        ('none', 'connect', 'envelope', 'data')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    scheduled_at    TEXT NOT NULL,
    next_attempt_at TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    results         TEXT NOT NULL DEFAULT '[]',
    last_error      TEXT NOT NULL DEFAULT '',
    sent_at         TEXT,
    location        TEXT NOT NULL DEFAULT '',
    copy_pending    INTEGER NOT NULL DEFAULT 0
);
INSERT INTO outbox_new SELECT * FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
CREATE UNIQUE INDEX outbox_followup ON outbox (followup_id) WHERE followup_id IS NOT NULL;

-- A person who asked not to be contacted gets no planned notes at all (CAD-007).
ALTER TABLE contacts ADD COLUMN do_not_contact INTEGER NOT NULL DEFAULT 0;
