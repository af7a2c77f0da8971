"""Mail as values: the outbox's exactly-once state machine and the reading of replies."""
