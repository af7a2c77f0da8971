-- A person's name as a structure and a company's article (issue 15 §1, §2).
-- Empty name parts mean "not on record": the composer then reads `name`.
-- article: NULL infers "the" from the company name's shape; 1 or 0 overrides it.

ALTER TABLE contacts ADD COLUMN honorific TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN given_name TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN family_name TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN name_order TEXT NOT NULL DEFAULT 'given-first'
    CHECK (name_order IN ('given-first', 'family-first'));
ALTER TABLE contacts ADD COLUMN salutation TEXT NOT NULL DEFAULT '';
ALTER TABLE companies ADD COLUMN article INTEGER CHECK (article IN (0, 1));
