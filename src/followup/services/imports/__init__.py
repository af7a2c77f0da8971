"""Bringing records in from elsewhere: calendar invites (`invites`) and other trackers' CSV
exports (`tracker`)."""
