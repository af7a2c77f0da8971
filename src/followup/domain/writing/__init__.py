"""What a note says: the context it is written from, the composer, the debrief file and the
linter.
"""
