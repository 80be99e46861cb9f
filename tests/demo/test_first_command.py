"""A newcomer's first command prints what it does, the logins and nothing that is not theirs to act
on: no warnings from libraries, no task trace lines."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_setup_demo_prints_progress_and_logins_only(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(CATALOG_VAR_DIR=str(tmp_path), PYTHONWARNINGS="default")
    for command in (["migrate", "--no-input", "-v", "0"], ["setup_demo"]):
        done = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=280,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        output = done.stdout + done.stderr
        for noise in ("WARNING", "Warning", "Traceback", "celery.app.trace", "No hostname"):
            assert noise not in output, output[-3000:]
    assert "viewer / viewer-demo" in done.stdout and "Crawled Demo Analytics" in done.stdout
