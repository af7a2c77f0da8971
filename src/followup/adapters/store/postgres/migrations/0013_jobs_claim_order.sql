-- Workers claim the earliest due job with ORDER BY due_at, id LIMIT 1: an index in that
-- order finds it without sorting every due row when thousands fall due at once.
CREATE INDEX jobs_due_order ON jobs (due_at, id);
DROP INDEX jobs_due;
