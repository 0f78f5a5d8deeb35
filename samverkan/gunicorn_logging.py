"""gunicorn's logger with invitation tokens taken out of the access log (see samverkan/logging.py).
Chosen in gunicorn.conf.py, which gunicorn reads from the directory it starts in."""

from gunicorn.glogging import Logger

from samverkan.logging import redact_tokens

# The access log's atoms that hold the request's path: the request line, the path, the query, the
# Referer (a page that linked from the token's address).
_PATH_ATOMS = ("r", "U", "q", "f")


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in _PATH_ATOMS:
            if isinstance(atoms.get(key), str):
                atoms[key] = redact_tokens(atoms[key])
        return atoms
