# gunicorn reads this file from the directory it starts in (the image's /app, the repository root).
# The access log leaves out invitation tokens (samverkan/gunicorn_logging.py).
logger_class = "samverkan.gunicorn_logging.RedactingLogger"
