"""The sample kind's templates (tests/data/notify) beside the app's, and the SMTP server."""

from pathlib import Path

import pytest
from jinja2 import ChoiceLoader, FileSystemLoader

from tests.smtp_server import smtp_server  # noqa: F401  (the fixture)

SAMPLE_TEMPLATES = Path(__file__).resolve().parents[1] / "data" / "notify" / "templates"


@pytest.fixture
def sample_kind(app):
    """The app's templates, and the sample kind's beside them."""
    app.jinja_env.loader = ChoiceLoader(
        [app.jinja_env.loader, FileSystemLoader(str(SAMPLE_TEMPLATES))]
    )
    return app
