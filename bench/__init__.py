"""``make bench``: throughput and latency of Relais beside a baseline measured in the same run.

``__main__`` runs every benchmark and prints one table (``table``); ``pages`` loads the learner
pages with wrk, ``quiz`` the quiz submissions, ``grading`` the pure grader; ``server`` starts the
gunicorn they share.
"""
