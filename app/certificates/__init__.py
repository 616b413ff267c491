"""Certificates: issued once when a track is completed, frozen at issue, rendered to PDF/A once,
verifiable by anyone at /verify/<code>, and signed as Open Badges credentials."""
