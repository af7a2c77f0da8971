-- Claiming a job (issue 18 §3) orders due jobs by (due_at, id) and takes the first one
-- no worker holds: an index in that order lets the claim stop at the first free job
-- instead of sorting every due job when thousands are due at once.
DROP INDEX IF EXISTS jobs_due;
CREATE INDEX jobs_due_id ON jobs (due_at, id);
