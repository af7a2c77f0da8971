"""Text adapters: the spell checker and the fuzzy matcher the linter uses."""
