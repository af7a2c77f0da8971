-- Team mode (issue 19): the institution's settings, a candidate's own overrides of them,
-- and coaches' comments on the drafts a candidate shares.
--
-- The organisation's settings are the directory's (no candidate data, no row-level
-- security). A candidate's overrides and the comments on their drafts are the
-- candidate's data: they sit behind the account wall, and a coach writes a comment
-- inside the candidate's transaction, as the audit log is written.

CREATE TABLE org_settings (
    org_id       BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    key          TEXT NOT NULL,  -- 'policy.<key>', 'lint.enforce', 'compose.tone', ...
    value        JSONB NOT NULL,
    overridable  BOOLEAN NOT NULL DEFAULT false,  -- may a candidate set their own?
    updated_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (org_id, key)
);

CREATE TABLE candidate_settings (
    account_id BIGINT NOT NULL DEFAULT current_account() REFERENCES accounts (id) ON DELETE CASCADE,
    key        TEXT NOT NULL,
    value      JSONB NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (account_id, key)
);
ALTER TABLE candidate_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE candidate_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY account_wall ON candidate_settings
    USING (account_id = current_account()) WITH CHECK (account_id = current_account());

CREATE TABLE draft_comments (
    account_id  BIGINT NOT NULL DEFAULT current_account() REFERENCES accounts (id) ON DELETE CASCADE,
    id          BIGINT GENERATED ALWAYS AS IDENTITY,
    followup_id BIGINT NOT NULL,
    author_id   BIGINT REFERENCES team_users (id) ON DELETE SET NULL,
    author      TEXT NOT NULL,  -- the author's email then, kept if the user goes
    body        TEXT NOT NULL,
    at          TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (account_id, id),
    FOREIGN KEY (account_id, followup_id) REFERENCES followups (account_id, id) ON DELETE CASCADE
);
CREATE INDEX draft_comments_followup ON draft_comments (account_id, followup_id);
ALTER TABLE draft_comments ENABLE ROW LEVEL SECURITY;
ALTER TABLE draft_comments FORCE ROW LEVEL SECURITY;
CREATE POLICY account_wall ON draft_comments
    USING (account_id = current_account()) WITH CHECK (account_id = current_account());
