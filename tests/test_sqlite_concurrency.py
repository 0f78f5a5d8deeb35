"""The embedded SQLite database under the load of `make run`, where the web process, the task worker and
`send_reminders --every 300` all write to one file. Two processes with the settings' database options
(samverkan.settings.database_from_url) run read-then-write transactions side by side: both finish, and
no update is lost. With SQLite's defaults one of them fails at once with "database is locked"."""

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 100
WRITERS = 2

# Each writer waits until every writer is ready, then increments the counter ROUNDS times, each time
# reading it and writing it back in one transaction, as a view does that checks a row and then saves.
WRITER = """
import sys, time
from pathlib import Path

import django

django.setup()
from django.db import connection, transaction

folder, me, writers, rounds = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
(folder / f"ready-{me}").touch()
deadline = time.monotonic() + 60
while len(list(folder.glob("ready-*"))) < writers and time.monotonic() < deadline:
    time.sleep(0.01)
for _ in range(rounds):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT value FROM counter")
        (value,) = cursor.fetchone()
        time.sleep(0.001)  # widen the gap between the read and the write, as real work does
        cursor.execute("UPDATE counter SET value = %s", [value + 1])
"""


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "samverkan.sqlite3"
    with sqlite3.connect(path) as setup:
        setup.execute("CREATE TABLE counter (value INTEGER NOT NULL)")
        setup.execute("INSERT INTO counter VALUES (0)")
    setup.close()
    return path


def test_two_processes_write_at_the_same_time_without_database_is_locked(database, tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "samverkan.settings",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    writers = [
        subprocess.Popen(  # noqa: S603 - fixed arguments
            [sys.executable, "-c", WRITER, str(tmp_path), str(n), str(WRITERS), str(ROUNDS)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(WRITERS)
    ]
    results = [writer.communicate(timeout=300) for writer in writers]

    for writer, (_out, err) in zip(writers, results, strict=True):
        assert writer.returncode == 0, err[-2000:]
    with sqlite3.connect(database) as check:
        assert check.execute("SELECT value FROM counter").fetchone() == (WRITERS * ROUNDS,)
        assert check.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    check.close()
