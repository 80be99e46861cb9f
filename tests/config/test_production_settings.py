"""Production is configured from the environment alone: a missing setting fails at start, by name."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DATABASE_URL": "postgres://catalog@127.0.0.1:5432/catalog",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "SECRET_KEY": "x" * 64 + "production-secret-key-with-enough-entropy-1234567890",
    "CATALOG_CREDENTIALS_KEY": "pQ3Z1c0cJm8zB9QyWk2fXyq3cK0dVb8bV0c0Xq7oJ2A=",
    "ALLOWED_HOSTS": "catalog.example.com",
    "SECURE_HTTPS": "true",
    "DEBUG": "false",
}


def _manage(*args, env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION and not k.startswith("CATALOG_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    clean["CATALOG_VAR_DIR"] = "/nonexistent-var-dir-for-production-test"
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )


def test_production_settings_pass_the_deploy_checklist():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stderr


def test_it_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_it_refuses_to_start_without_a_credentials_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "CATALOG_CREDENTIALS_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "CATALOG_CREDENTIALS_KEY is required" in result.stderr


def test_it_names_a_malformed_database_url():
    result = _manage("check", env={**PRODUCTION, "DATABASE_URL": "oracle://somewhere/db"})
    assert result.returncode != 0
    assert "DATABASE_URL must start with postgres://" in result.stderr


def test_production_cookies_are_secure_http_only_and_same_site():
    code = (
        "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, s.SECURE_CONTENT_TYPE_NOSNIFF, "
        "s.SECURE_REFERRER_POLICY)"
    )
    result = _manage("shell", "-c", code, env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "True",
        "True",
        "True",
        "Lax",
        "True",
        "same-origin",
    ]
