"""Apps extend the catalog through its registries alone: proven by running checks in a catalog with
the example app installed, and in a catalog with no feature app at all (each a test run of its
own, on the embedded database, since installed apps are fixed when Django starts)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECKS = Path(__file__).resolve().parent / "checks"


def _run_checks(settings: str, checks: str, var_dir: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}}
    env.update(CATALOG_VAR_DIR=str(var_dir), DJANGO_SETTINGS_MODULE=settings)
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--ds={settings}"]
    command += ["-o", "python_files=check_*.py", "-o", "addopts=", str(CHECKS / checks)]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize(
    ("settings_module", "checks"),
    [
        ("tests.extension_app.settings", "check_extension_points.py"),
        ("tests.extension_app.settings_core", "check_core_only.py"),
    ],
)
def test_the_checks_pass(settings_module, checks, tmp_path):
    result = _run_checks(settings_module, checks, tmp_path)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert " passed" in result.stdout and "failed" not in result.stdout
