-- A revision counter for the records (issue 16): every insert, update or delete of a
-- record bumps meta 'records.revision', so what a whole planning run derived from the
-- records (the network's standings, `followup network --json`) can be kept between runs
-- and trusted while the counter has not moved. Follow-ups and meta are not records here:
-- planning writes them itself.

CREATE TRIGGER profile_revision_insert AFTER INSERT ON profile BEGIN
    INSERT INTO meta (key, value) VALUES ('records.revision', '1')
        ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT);
END;

CREATE TRIGGER profile_revision_update AFTER UPDATE ON profile BEGIN
    INSERT INTO meta (key, value) VALUES ('records.revision', '1')
        ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT);
END;

CREATE TRIGGER profile_revision_delete AFTER DELETE ON profile BEGIN
    INSERT INTO meta (key, value) VALUES ('records.revision', '1')
        ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT);
END;

CREATE TRIGGER companies_revision_insert AFTER INSERT ON companies BEGIN
    INSERT INTO meta (key, value) VALUES ('records.revision', '1')
        ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT);
END;

CREATE TRIGGER companies_revision_update AFTER UPDATE ON companies BEGIN
    INSERT INTO meta (key, value) VALUES ('records.revision', '1')
        ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT);
END;

CREATE TRIGGER companies_revision_delete AFTER DELETE ON companies BEGIN
    INSERT INTO meta (key, value) VALUES ('records.revision', '1')
        ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT);
END;

CREATE TRIGGER contacts_revision_insert AFTER INSERT ON contacts BEGIN
    INSERT INTO meta (key, value) VALUES ('records.revision', '1')
        ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT);
END;

CREATE TRIGGER contacts_revision_update AFTER UPDATE ON contacts BEGIN
    INSERT INTO meta (key, value) VALUES ('records.revision', '1')
        ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT);
END;

CREATE TRIGGER contacts_revision_delete AFTER DELETE ON contacts BEGIN
    INSERT INTO meta (key, value) VALUES ('records.revision', '1')
        ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT);
END;

CREATE TRIGGER applications_revision_insert AFTER INSERT ON applications BEGIN
    INSERT INTO meta (key, value) VALUES ('records.revision', '1')
        ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT);
END;

CREATE TRIGGER applications_revision_update AFTER UPDATE ON applications BEGIN
    INSERT INTO meta (key, value) VALUES ('records.revision', '1')
        ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT);
END;

CREATE TRIGGER applications_revision_delete AFTER DELETE ON applications BEGIN
    INSERT INTO meta (key, value) VALUES ('records.revision', '1')
        ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT);
END;

CREATE TRIGGER interviews_revision_insert AFTER INSERT ON interviews BEGIN
    INSERT INTO meta (key, value) VALUES ('records.revision', '1')
        ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT);
END;

CREATE TRIGGER interviews_revision_update AFTER UPDATE ON interviews BEGIN
    INSERT INTO meta (key, value) VALUES ('records.revision', '1')
        ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT);
END;

CREATE TRIGGER interviews_revision_delete AFTER DELETE ON interviews BEGIN
    INSERT INTO meta (key, value) VALUES ('records.revision', '1')
        ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT);
END;

CREATE TRIGGER interview_people_revision_insert AFTER INSERT ON interview_people BEGIN
    INSERT INTO meta (key, value) VALUES ('records.revision', '1')
        ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT);
END;

CREATE TRIGGER interview_people_revision_update AFTER UPDATE ON interview_people BEGIN
    INSERT INTO meta (key, value) VALUES ('records.revision', '1')
        ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT);
END;

CREATE TRIGGER interview_people_revision_delete AFTER DELETE ON interview_people BEGIN
    INSERT INTO meta (key, value) VALUES ('records.revision', '1')
        ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT);
END;

CREATE TRIGGER messages_revision_insert AFTER INSERT ON messages BEGIN
    INSERT INTO meta (key, value) VALUES ('records.revision', '1')
        ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT);
END;

CREATE TRIGGER messages_revision_update AFTER UPDATE ON messages BEGIN
    INSERT INTO meta (key, value) VALUES ('records.revision', '1')
        ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT);
END;

CREATE TRIGGER messages_revision_delete AFTER DELETE ON messages BEGIN
    INSERT INTO meta (key, value) VALUES ('records.revision', '1')
        ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT);
END;

-- The counter exists from the start, so a database that never changed has revision 0
-- (a store with no counter at all keeps nothing between runs).
INSERT INTO meta (key, value) VALUES ('records.revision', '0') ON CONFLICT (key) DO NOTHING;
