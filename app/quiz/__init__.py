"""Quizzes: attempts (start, save, submit, close at the deadline), grading and review.

The grading core (``responses``, ``grading``, ``answers``, ``draw``) is pure Python: no Flask,
no database. The blueprint lives in ``views`` so that importing the pure core (as completion
does) never pulls in the routes.
"""
