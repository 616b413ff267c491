"""The languages Relais speaks, defined once for every domain and the configuration."""

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
