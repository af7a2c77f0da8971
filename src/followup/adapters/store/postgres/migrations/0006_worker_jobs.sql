-- Workers (issue 18 §3, §4): jobs are queued by the database itself, on every code path.
--
-- `generation` counts the requests for a job: a worker completes a job only if no new
-- request arrived while it worked, so a change made during a re-plan is never lost.
-- A worker holds a job with a session advisory lock keyed by the job's id (not a row
-- lock), so queueing never waits for a worker, and a killed worker frees its job the
-- moment its connection closes.
ALTER TABLE jobs ADD COLUMN generation BIGINT NOT NULL DEFAULT 0;

-- The instant now as stored text (UTC, microseconds, as `stamps.to_text` writes it).
CREATE FUNCTION now_text() RETURNS TEXT
    LANGUAGE sql STABLE
    AS $$ SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"') $$;

-- Ask for `kind` work on `account` at `due`; one pending job per account and kind, due
-- at the earlier time.
CREATE FUNCTION request_job(account BIGINT, job_kind TEXT, due TEXT) RETURNS void
    LANGUAGE sql
    AS $$
    INSERT INTO jobs AS j (account_id, kind, due_at, created_at)
        VALUES (account, job_kind, due, now_text())
        ON CONFLICT (account_id, kind) DO UPDATE
        SET due_at = LEAST(j.due_at, EXCLUDED.due_at), generation = j.generation + 1;
    SELECT pg_notify('followup_jobs', job_kind);
$$;

-- A change to an account's records re-plans that account (§4): once per statement,
-- coalesced into the account's one pending re-plan. Follow-ups, the outbox and the
-- bookkeeping tables are left out: re-planning writes follow-ups itself.
CREATE FUNCTION queue_replan() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF current_account() IS NOT NULL THEN
        PERFORM request_job(current_account(), 'replan', now_text());
    END IF;
    RETURN NULL;
END
$$;

-- A message waiting in the outbox (queued, scheduled or to retry) has a delivery job due
-- when it is.
CREATE FUNCTION queue_delivery() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM request_job(NEW.account_id, 'deliver', NEW.next_attempt_at);
    RETURN NULL;
END
$$;

CREATE TRIGGER outbox_delivery AFTER INSERT OR UPDATE OF state, next_attempt_at ON outbox
    FOR EACH ROW WHEN (NEW.state IN ('queued', 'retry')) EXECUTE FUNCTION queue_delivery();

DO $$
DECLARE
    t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['profile', 'companies', 'contacts', 'applications', 'interviews',
                             'interview_people', 'messages', 'offers'] LOOP
        EXECUTE format('CREATE TRIGGER %I_replan AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH STATEMENT EXECUTE FUNCTION queue_replan()', t, t);
    END LOOP;
END
$$;
