"""Content as code: loading, checking and syncing tracks, courses, lessons and GIFT banks.

No HTTP here: the learner pages live in ``app.learning``; this package only reads files and
writes the database.
"""
