"""The environment of a benchmark's child process: Django on a scratch catalog, no task queue."""

from __future__ import annotations

import os

# Only for scratch catalogs the benchmarks create and drop; production reads these from its own env.
BENCH_SECRET_KEY = "bench-secret-key-not-for-production"
BENCH_CREDENTIALS_KEY = "YPPTcBlmWdc5NIDS5KiigGV-fWUAfcf-dghhD-b6Fi4="
CALLERS_OWN = ("DATABASE_URL", "CELERY_BROKER_URL", "CATALOG_VAR_DIR")


def django_env(**database: str) -> dict[str, str]:
    """This process's environment for a child that runs Django against `database`
    (DATABASE_URL=… for PostgreSQL, CATALOG_VAR_DIR=… for the embedded SQLite default). The
    caller's own catalog and broker never leak in: tasks run in the child, on its catalog."""
    env = {k: v for k, v in os.environ.items() if k not in CALLERS_OWN}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY=os.environ.get("SECRET_KEY", BENCH_SECRET_KEY),
        CATALOG_CREDENTIALS_KEY=os.environ.get("CATALOG_CREDENTIALS_KEY", BENCH_CREDENTIALS_KEY),
        LOG_LEVEL="WARNING",
        ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
    )
    env.update(database)
    return env
