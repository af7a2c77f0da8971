"""Mail: the outbox that sends each message at most once (`outbox`), sending a follow-up
through it (`send`), and noticing replies (`replies`)."""
