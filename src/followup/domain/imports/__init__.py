"""Records from elsewhere: calendar invites and other trackers' CSV exports, as values and
guesses.
"""
