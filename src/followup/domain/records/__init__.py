"""The records a candidate keeps: companies, contacts, applications, interviews, follow-ups,
and the field rules for what the user types.
"""
