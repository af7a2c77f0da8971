-- The foundation: profile, companies, contacts, applications, interviews, follow-ups, messages.
-- Instants are UTC ISO 8601 strings ("2026-11-24T20:00:00+00:00"); dates are ISO dates.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE profile (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    name      TEXT NOT NULL,
    email     TEXT NOT NULL,
    tz        TEXT NOT NULL,
    country   TEXT NOT NULL,
    signature TEXT NOT NULL DEFAULT '',
    skills    TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE companies (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL,
    industry TEXT NOT NULL DEFAULT '',
    country  TEXT NOT NULL DEFAULT '',
    tz       TEXT NOT NULL DEFAULT '',
    domain   TEXT NOT NULL DEFAULT '',
    feeds    TEXT NOT NULL DEFAULT '[]',
    pace     TEXT,
    notes    TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX companies_name ON companies (name COLLATE NOCASE);

CREATE TABLE contacts (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    email      TEXT NOT NULL DEFAULT '',
    title      TEXT NOT NULL DEFAULT '',
    company_id INTEGER REFERENCES companies (id) ON DELETE SET NULL,
    tz         TEXT NOT NULL DEFAULT '',
    country    TEXT NOT NULL DEFAULT '',
    role       TEXT NOT NULL DEFAULT 'interviewer',
    tier       TEXT,
    observes   TEXT NOT NULL DEFAULT '[]',
    notes      TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX contacts_email ON contacts (email COLLATE NOCASE) WHERE email <> '';
CREATE INDEX contacts_company ON contacts (company_id);

CREATE TABLE applications (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL REFERENCES companies (id),
    role        TEXT NOT NULL,
    stage       TEXT NOT NULL,
    source      TEXT NOT NULL DEFAULT '',
    url         TEXT NOT NULL DEFAULT '',
    decision_by TEXT,
    created_at  TEXT NOT NULL,
    history     TEXT NOT NULL DEFAULT '[]',
    notes       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX applications_stage ON applications (stage);

CREATE TABLE interviews (
    id              INTEGER PRIMARY KEY,
    application_id  INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    round           INTEGER NOT NULL DEFAULT 1,
    kind            TEXT NOT NULL,
    start           TEXT,
    "end"           TEXT NOT NULL,
    tz              TEXT NOT NULL,
    coordinator_id  INTEGER REFERENCES contacts (id),
    topics          TEXT NOT NULL DEFAULT '[]',
    projects        TEXT NOT NULL DEFAULT '[]',
    skills          TEXT NOT NULL DEFAULT '[]',
    decision_by     TEXT,
    next_step       TEXT NOT NULL DEFAULT '',
    notes           TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'scheduled',
    source_uid      TEXT NOT NULL DEFAULT '',
    source_sequence INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX interviews_application ON interviews (application_id);
CREATE UNIQUE INDEX interviews_source ON interviews (source_uid) WHERE source_uid <> '';

CREATE TABLE interview_people (
    interview_id INTEGER NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    contact_id   INTEGER NOT NULL REFERENCES contacts (id),
    position     INTEGER NOT NULL,
    topics       TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (interview_id, contact_id)
);
CREATE INDEX interview_people_contact ON interview_people (contact_id);

CREATE TABLE followups (
    id             INTEGER PRIMARY KEY,
    key            TEXT NOT NULL UNIQUE,
    kind           TEXT NOT NULL,
    application_id INTEGER REFERENCES applications (id) ON DELETE CASCADE,
    interview_id   INTEGER REFERENCES interviews (id) ON DELETE CASCADE,
    contact_id     INTEGER REFERENCES contacts (id),
    earliest       TEXT NOT NULL,
    recommended    TEXT NOT NULL,
    latest         TEXT NOT NULL,
    status         TEXT NOT NULL,
    reason         TEXT NOT NULL DEFAULT '',
    snoozed_until  TEXT,
    pinned         INTEGER NOT NULL DEFAULT 0,
    note           TEXT NOT NULL DEFAULT '',
    subject        TEXT NOT NULL DEFAULT '',
    body           TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
-- The agenda reads open follow-ups in due order: keep that a range scan.
CREATE INDEX followups_agenda ON followups (status, recommended);
CREATE INDEX followups_application ON followups (application_id);
CREATE INDEX followups_contact ON followups (contact_id);

CREATE TABLE messages (
    id             INTEGER PRIMARY KEY,
    contact_id     INTEGER NOT NULL REFERENCES contacts (id),
    application_id INTEGER REFERENCES applications (id) ON DELETE SET NULL,
    followup_id    INTEGER REFERENCES followups (id) ON DELETE SET NULL,
    direction      TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    channel        TEXT NOT NULL,
    kind           TEXT,
    at             TEXT NOT NULL,
    subject        TEXT NOT NULL DEFAULT '',
    message_id     TEXT NOT NULL DEFAULT '',
    in_reply_to    TEXT NOT NULL DEFAULT '',
    source         TEXT NOT NULL DEFAULT '',
    note           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX messages_contact ON messages (contact_id, at);
CREATE INDEX messages_application ON messages (application_id);
CREATE UNIQUE INDEX messages_message_id ON messages (message_id, direction) WHERE message_id <> '';
CREATE UNIQUE INDEX messages_source ON messages (source) WHERE source <> '';
