"""The WSGI entry point: the only module that builds an application at import."""

from app import create_app

app = create_app()
