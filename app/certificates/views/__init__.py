"""The certificate pages, one module per audience; importing this package attaches them all."""

from app.certificates.views import administration, downloads, verification  # noqa: F401
