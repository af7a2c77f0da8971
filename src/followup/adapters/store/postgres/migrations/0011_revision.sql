-- A revision counter for the records (issue 16): every statement that inserts, updates or
-- deletes records bumps the account's meta 'records.revision', so what a whole planning
-- run derived from the records (`followup network --json`) can be kept between runs and
-- trusted while the counter has not moved. Follow-ups and meta are written by planning.

CREATE FUNCTION bump_records_revision() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF current_account() IS NOT NULL THEN
        INSERT INTO meta (key, value) VALUES ('records.revision', '1')
            ON CONFLICT (account_id, key)
            DO UPDATE SET value = (meta.value::BIGINT + 1)::TEXT;
    END IF;
    RETURN NULL;
END
$$;

DO $$
DECLARE
    t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['profile', 'companies', 'contacts', 'applications', 'interviews', 'interview_people', 'messages'] LOOP
        EXECUTE format('CREATE TRIGGER %I_revision AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH STATEMENT EXECUTE FUNCTION bump_records_revision()', t, t);
    END LOOP;
END
$$;
