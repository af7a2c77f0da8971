"""Writing follow-ups: compose a draft from the records or a debrief (`compose`), and lint
a note against what is on record (`lint`)."""
