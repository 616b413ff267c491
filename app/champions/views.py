"""The champions pages (placeholder: routes come with their part of the issue)."""
