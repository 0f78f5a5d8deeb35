"""Production settings refuse to start without their secrets; development needs nothing."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from samverkan.settings import PREPARE_WHEN_ASKED

ROOT = Path(__file__).resolve().parent.parent


def _check(env_overrides):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"}
    }
    env.update(env_overrides)
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without_required_value(missing):
    values = {
        "DEBUG": "false",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "samverkan.example",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    del values[missing]
    result = _check(values)
    assert result.returncode != 0
    assert f"The environment variable {missing} must be set in production." in result.stderr


def test_bad_boolean_is_refused():
    result = _check({"DEBUG": "kanske"})
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_development_runs_without_configuration():
    result = _check({})
    assert result.returncode == 0, result.stderr


def _database_options(env_overrides):
    """DATABASES["default"]["OPTIONS"] as the settings build them from this environment."""
    ours = ("DB_", "SQLITE_", "DATABASE_URL", "DEBUG")
    env = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
    env.update(env_overrides, DJANGO_SETTINGS_MODULE="samverkan.settings")
    code = (
        "import json; from django.conf import settings; "
        "print(json.dumps(settings.DATABASES['default']['OPTIONS']))"
    )
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_postgresql_gives_up_on_a_database_that_does_not_answer():
    options = _database_options({"DATABASE_URL": "postgres://samverkan@db.example:5432/samverkan"})
    assert options == {
        "connect_timeout": 5,
        "prepare_threshold": PREPARE_WHEN_ASKED,
        "options": "-c statement_timeout=30000",
        "tcp_user_timeout": 30000,
    }


def test_database_timeouts_come_from_the_environment():
    options = _database_options(
        {
            "DATABASE_URL": "postgres://samverkan@db.example:5432/samverkan?currentSchema=samverkan",
            "DB_CONNECT_TIMEOUT": "3",
            "DB_STATEMENT_TIMEOUT": "120",
        }
    )
    assert options == {
        "connect_timeout": 3,
        "prepare_threshold": PREPARE_WHEN_ASKED,
        # The URL's own libpq options are kept, after ours.
        "options": "-c statement_timeout=120000 -c search_path=samverkan",
        "tcp_user_timeout": 120000,
    }


def test_a_statement_timeout_of_zero_sets_no_limit():
    options = _database_options(
        {"DATABASE_URL": "postgres://samverkan@db.example:5432/samverkan", "DB_STATEMENT_TIMEOUT": "0"}
    )
    assert options == {"connect_timeout": 5, "prepare_threshold": PREPARE_WHEN_ASKED}


def test_prepared_statements_can_be_turned_off_for_a_pooler():
    options = _database_options(
        {
            "DATABASE_URL": "postgres://samverkan@db.example:5432/samverkan",
            "DB_STATEMENT_TIMEOUT": "0",
            "DB_PREPARED_STATEMENTS": "false",
        }
    )
    assert options == {"connect_timeout": 5, "prepare_threshold": None}


def test_sqlite_is_set_up_for_several_writing_processes():
    """`make run`: the web process, the task worker and send_reminders write to the same file."""
    assert _database_options({}) == {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
    assert _database_options({"SQLITE_BUSY_TIMEOUT": "45"})["timeout"] == 45


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DB_CONNECT_TIMEOUT", "0", "DB_CONNECT_TIMEOUT must be at least 1"),
        ("DB_STATEMENT_TIMEOUT", "-1", "DB_STATEMENT_TIMEOUT must be at least 0"),
        ("DB_STATEMENT_TIMEOUT", "30s", "DB_STATEMENT_TIMEOUT must be a whole number"),
        ("SQLITE_BUSY_TIMEOUT", "0", "SQLITE_BUSY_TIMEOUT must be at least 1"),
    ],
)
def test_a_bad_database_timeout_is_refused(name, value, message):
    result = _check({name: value})
    assert result.returncode != 0
    assert message in result.stderr
