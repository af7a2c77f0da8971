-- A person's name as a structure and a company's article (issue 15 §1, §2), as SQLite's
-- 0004. New columns on tables that already carry account_id and the account_wall policy
-- (0001): row-level security is per row, so the wall covers them with no new policy.
-- article: NULL infers "the" from the company name's shape; 1 or 0 overrides it (an
-- INTEGER, as on SQLite, so both engines share one row codec).

ALTER TABLE contacts
    ADD COLUMN honorific TEXT NOT NULL DEFAULT '',
    ADD COLUMN given_name TEXT NOT NULL DEFAULT '',
    ADD COLUMN family_name TEXT NOT NULL DEFAULT '',
    ADD COLUMN name_order TEXT NOT NULL DEFAULT 'given-first'
        CHECK (name_order IN ('given-first', 'family-first')),
    ADD COLUMN salutation TEXT NOT NULL DEFAULT '';
ALTER TABLE companies ADD COLUMN article INTEGER CHECK (article IN (0, 1));
