"""Keeping secrets out of log lines.

An invitation link carries a token that works like a password until it is used. The landing page
leaves the token's address at once (collaborations/invitation_views.py), but the first request is
still logged: by Django (a 410 for an unusable link), by runserver and by gunicorn's access log. Every
such line passes through `redact_tokens`.
"""

import logging
import re

_TOKEN_IN_PATH = re.compile(r"(/inbjudan/)[^/\s?#\"']+")
REDACTED = "[dold]"


def redact_tokens(text: str) -> str:
    """`text` with every invitation token in a path replaced by a marker."""
    return _TOKEN_IN_PATH.sub(lambda match: match[1] + REDACTED, text)


class RedactTokens(logging.Filter):
    """A logging filter (on every handler, see settings.LOGGING) that rewrites a record's message."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_tokens(message)
        if redacted != message:
            record.msg = redacted
            record.args = ()
        return True
