"""gunicorn's settings for Relais (read from the working directory): access log lines mask the
token of reset links. Other settings stay on the command line (see the README)."""

logger_class = "app.access_log.MaskedGunicornLogger"
