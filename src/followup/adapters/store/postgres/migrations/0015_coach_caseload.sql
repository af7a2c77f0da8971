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

DO $$
DECLARE t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['applications', 'interviews', 'followups', 'messages'] LOOP
        -- The sub-query is written out, not hidden in a function, so the planner sees it:
        -- a hashed sub-plan, worked out once per query through team_users' indexes, then
        -- one hash probe per row. Never in a transaction that could write.
        EXECUTE format('CREATE POLICY coach_caseload ON %I FOR SELECT USING (account_id IN ('
            'SELECT c.account_id FROM team_users c JOIN team_users k ON k.id = c.coach_id'
            ' WHERE k.id = current_coach() AND k.role = ''coach'' AND NOT k.disabled'
            ' AND c.role = ''candidate'' AND NOT c.disabled AND c.account_id IS NOT NULL'
            ' AND current_setting(''transaction_read_only'') = ''on''))', t);
    END LOOP;
END $$;

-- the on-time figure looks up the message that sent each thank-you
CREATE INDEX IF NOT EXISTS messages_followup ON messages (account_id, followup_id)
    WHERE followup_id IS NOT NULL;
