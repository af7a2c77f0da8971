-- The coach's caseload in one query (issue 19). Each candidate's records stay behind their
-- account wall (`account_wall`, keyed by followup.account). A coach's caseload read sets
-- followup.coach instead, in a READ ONLY transaction, and this SELECT-only policy lets
-- it see the rows of exactly the enabled candidates assigned to that enabled coach. The
-- database, not the application, decides which accounts those are (team_users), so a
-- query that forgets its own account filter still returns no other candidate's rows.
-- Only the four tables the caseload's figures come from are opened; drafts' comments,
-- settings, the audit log, contacts, companies and the outbox stay behind the wall.
-- The caseload SQL names only summary columns (stage, dates, kinds, statuses); draft
-- text is read only through the candidate's own wall, when sharing is on.

CREATE FUNCTION current_coach() RETURNS BIGINT LANGUAGE sql STABLE
    AS $$ SELECT NULLIF(current_setting('followup.coach', true), '')::BIGINT $$;

CREATE FUNCTION caseload_accounts() RETURNS SETOF BIGINT LANGUAGE sql STABLE
    AS $$
    SELECT c.account_id
    FROM team_users c JOIN team_users coach ON coach.id = c.coach_id
    WHERE coach.id = current_coach() AND coach.role = 'coach' AND NOT coach.disabled
      AND c.role = 'candidate' AND NOT c.disabled AND c.account_id IS NOT NULL
      -- never in a transaction that could write
      AND current_setting('transaction_read_only') = 'on'
    $$;

DO $$
DECLARE t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['applications', 'interviews', 'followups', 'messages'] LOOP
        -- IN (SELECT ...) is a hashed sub-plan: the list is worked out once per query and each
        -- row costs one hash probe (= ANY of an array parameter would scan the list per row)
        EXECUTE format('CREATE POLICY coach_caseload ON %I FOR SELECT'
                       ' USING (account_id IN (SELECT caseload_accounts()))', t);
    END LOOP;
END $$;

-- the on-time figure looks up the message that sent each thank-you
CREATE INDEX IF NOT EXISTS messages_followup ON messages (account_id, followup_id)
    WHERE followup_id IS NOT NULL;
