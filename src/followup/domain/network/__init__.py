"""The long run: relationships and their check-ins, gratitude and greetings, company news,
offers and their outcomes.
"""
