-- Issue 17: a message saved to Drafts has its own outbox state ('in_drafts'), since it is
-- not sent until the user sends it; and a contact can be marked "do not contact".

ALTER TABLE outbox DROP CONSTRAINT IF EXISTS outbox_state_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_state_check CHECK (state IN
    ('queued', 'sending', 'sent', 'sent_partial', 'retry', 'failed', 'unknown', 'in_drafts'));

-- A person who asked not to be contacted gets no planned notes at all (CAD-007).
ALTER TABLE contacts ADD COLUMN do_not_contact INTEGER NOT NULL DEFAULT 0;
