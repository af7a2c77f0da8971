-- Team mode (issue 19): one-time links (sign-in by mail, enrolment invites) and the
-- organisation's own log of what outlives an account (its deletion).
--
-- A link is stored as the SHA-256 of its random token, like sessions and API tokens.
-- A used link keeps its row (used_at) until it expires, so using it again gets a clear
-- "already used" page rather than "unknown link".

CREATE TABLE team_links (
    id_hash    TEXT PRIMARY KEY,  -- SHA-256 of the token in the link
    user_id    BIGINT NOT NULL REFERENCES team_users (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('signin', 'invite')),
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);
CREATE INDEX team_links_user ON team_links (user_id);
CREATE INDEX team_links_expiry ON team_links (expires_at);

-- The organisation's log: no candidate's data and no identifier of a deleted person,
-- only who deleted an account, when, and what role it had.
CREATE TABLE team_events (
    id     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    actor  TEXT NOT NULL,
    role   TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX team_sessions_expiry ON team_sessions (expires_at);
