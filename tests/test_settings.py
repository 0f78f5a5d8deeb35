"""Production settings refuse to start without their secrets; development needs nothing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

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
