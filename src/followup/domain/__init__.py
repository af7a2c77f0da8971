"""The pure core of followup: records, rules and decisions as values."""
