"""The linter: the rule table, the word lists, the prose analysis and the one-click fixes."""
