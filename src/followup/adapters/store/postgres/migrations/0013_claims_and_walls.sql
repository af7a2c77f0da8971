-- Claiming a job (issue 18 §3) orders due jobs by (due_at, id) and takes the first one
-- no worker holds: an index in that order lets the claim stop at the first free job
-- instead of sorting every due job when thousands are due at once.
DROP INDEX IF EXISTS jobs_due;
CREATE INDEX jobs_due_id ON jobs (due_at, id);

-- The wall between accounts reads the account setting once per statement: as an
-- uncorrelated sub-select it is an InitPlan, evaluated once, instead of a call per row
-- checked (issue 18, the agenda query's budget). Same rule, same tables.
DO $$
DECLARE
    t TEXT;
BEGIN
    FOR t IN SELECT tablename FROM pg_policies
             WHERE policyname = 'account_wall' AND schemaname = current_schema() LOOP
        EXECUTE format('ALTER POLICY account_wall ON %I USING (account_id = (SELECT current_account())) WITH CHECK (account_id = (SELECT current_account()))', t);
    END LOOP;
END
$$;
