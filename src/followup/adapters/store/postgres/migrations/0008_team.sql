-- Team mode (issue 19): one organisation, its users and their roles, sign-in sessions,
-- personal API tokens, sign-in failures for the rate limit, and the audit log.
--
-- Users, sessions, tokens and failures are the directory: they hold no candidate's
-- records, so, like `accounts`, they have no row-level security. Each candidate user
-- owns one account; every record stays behind that account's wall. The audit log is a
-- candidate's data (who looked at it): it sits behind the same wall, so a coach's action
-- is written inside the candidate's transaction and the candidate reads it in their own.
-- Secrets are stored only as hashes: argon2id for passwords, SHA-256 for random tokens.

CREATE TABLE organisations (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE team_users (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id        BIGINT NOT NULL REFERENCES organisations (id),
    email         TEXT NOT NULL,
    name          TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL CHECK (role IN ('candidate', 'coach', 'admin')),
    coach_id      BIGINT REFERENCES team_users (id),
    account_id    BIGINT UNIQUE REFERENCES accounts (id),
    disabled      BOOLEAN NOT NULL DEFAULT false,
    sharing       BOOLEAN NOT NULL DEFAULT false,
    password_hash TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMPTZ NOT NULL,
    -- a candidate owns exactly one account; nobody else owns one
    CHECK ((role = 'candidate') = (account_id IS NOT NULL)),
    CHECK (role = 'candidate' OR coach_id IS NULL)
);
CREATE UNIQUE INDEX team_users_email ON team_users (lower(email));
CREATE INDEX team_users_coach ON team_users (coach_id) WHERE coach_id IS NOT NULL;

CREATE TABLE team_sessions (
    id_hash    TEXT PRIMARY KEY,  -- SHA-256 of the cookie value
    user_id    BIGINT NOT NULL REFERENCES team_users (id) ON DELETE CASCADE,
    csrf       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX team_sessions_user ON team_sessions (user_id);

CREATE TABLE team_tokens (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES team_users (id) ON DELETE CASCADE,
    name       TEXT NOT NULL DEFAULT '',
    token_hash TEXT NOT NULL UNIQUE,  -- SHA-256 of the token; the token itself is shown once
    created_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ
);

CREATE TABLE signin_failures (
    key TEXT NOT NULL,  -- 'email:<address>' or 'addr:<client address>'
    at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX signin_failures_key ON signin_failures (key, at);

CREATE TABLE audit_log (
    account_id BIGINT NOT NULL DEFAULT current_account() REFERENCES accounts (id) ON DELETE CASCADE,
    id         BIGINT GENERATED ALWAYS AS IDENTITY,
    actor_id   BIGINT REFERENCES team_users (id) ON DELETE SET NULL,
    actor      TEXT NOT NULL,  -- the actor's email then, kept if the user goes
    role       TEXT NOT NULL,
    action     TEXT NOT NULL,
    detail     TEXT NOT NULL DEFAULT '',
    at         TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (account_id, id)
);
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
CREATE POLICY account_wall ON audit_log
    USING (account_id = current_account()) WITH CHECK (account_id = current_account());
