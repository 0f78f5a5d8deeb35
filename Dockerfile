# Samverkan — production image (gunicorn + whitenoise). See docs/DEPLOYMENT.md.
#
#   docker build -t samverkan .
#   docker run -e SECRET_KEY=... -e ALLOWED_HOSTS=... -e DATABASE_URL=postgres://... -p 8000:8000 samverkan
#
# The same image runs the background worker: `python manage.py db_worker`.

FROM python:3.13-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

# System libraries:
# - WeasyPrint (PDF agreement): Pango and HarfBuzz subsetting, the "Debian >= 11, wheels" list of
#   WeasyPrint's install docs (libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0);
# - fonts-dejavu-core as a fallback font (the project's own font is served from static/);
# - gettext for `compilemessages`.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        fonts-dejavu-core \
        gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Python dependencies first, so that code changes do not reinstall them.
# `--group` (PEP 735 dependency groups) needs pip >= 25.1; the `app` group is production-only
# and constraints.txt pins every version.
COPY pyproject.toml constraints.txt ./
RUN python -m pip install --upgrade "pip>=25.1" \
    && python -m pip install -c constraints.txt --group app

COPY . .

# Production is the default: settings then require SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.
ENV DEBUG=false \
    WEB_CONCURRENCY=3

# Translations and static files are built into the image. The values below exist only so that the
# production settings load during the build; they are not kept in the image's environment (nothing
# connects to that database). collectstatic must run with DEBUG=false so that whitenoise writes its
# manifest. compilemessages fails when no locale directory exists, so it runs only if there are
# catalogues (.po files) to compile.
RUN export SECRET_KEY=build-only-not-a-secret \
        ALLOWED_HOSTS=localhost \
        DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    && if find . -name '*.po' | grep -q .; then python manage.py compilemessages --verbosity 0; fi \
    && python manage.py collectstatic --noinput --verbosity 0

# Run as an unprivileged user; the code stays owned by root and read-only to it.
RUN groupadd --system samverkan \
    && useradd --system --gid samverkan --create-home --home-dir /home/samverkan samverkan
USER samverkan

EXPOSE 8000

# /healthz answers 200 when the database is reachable. The request carries the first ALLOWED_HOSTS
# entry as Host (so Django accepts it) and X-Forwarded-Proto: https (so that, with
# BEHIND_TLS_PROXY=true and SECURE_SSL_REDIRECT=true, it is not redirected).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as u; h = os.environ.get('ALLOWED_HOSTS', '').split(',')[0].strip().lstrip('.'); h = h if h and h != '*' else 'localhost'; u.urlopen(u.Request('http://127.0.0.1:8000/healthz', headers={'Host': h, 'X-Forwarded-Proto': 'https'}), timeout=4)"]

# gunicorn reads the number of workers from WEB_CONCURRENCY (3 above; about 2 x cores + 1 at most).
# More options can be given in GUNICORN_CMD_ARGS, e.g. "--timeout 60".
CMD ["gunicorn", "samverkan.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-", "--worker-tmp-dir", "/dev/shm"]
