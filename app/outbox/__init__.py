"""Queued e-mail and its delivery, for every domain: written in the caller's transaction,
delivered afterwards by ``flask outbox send``, never inside a request."""
