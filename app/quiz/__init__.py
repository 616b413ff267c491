"""Quizzes: turning a learner's form into typed responses and grading them as Moodle does.

The grading core (``responses``, ``grading``) is pure Python: no Flask, no database.
"""
