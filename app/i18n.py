"""The languages Relais speaks, defined once for every domain and the configuration."""

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"


def N_(message: str) -> str:
    """Marks a message for extraction (pybabel's N_ keyword); the page that shows it translates."""
    return message
