"""E-mails from templates, in the recipient's language, queued into the outbox at most once per
key: the seam every domain sends its messages through (password resets, assignments,
certificates, scheduled reports)."""
