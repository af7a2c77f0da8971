"""Mail adapters: SMTP submission, IMAP Drafts/Sent/replies, .eml files and mbox readers."""
