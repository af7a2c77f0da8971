"""Calendar adapters: invites (ics), public holidays and the ICS feed of open follow-ups."""
