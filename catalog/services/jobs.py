"""Queueing Celery tasks from services, by name, once the surrounding transaction commits.

Services name tasks instead of importing them: tasks import services (a task is a thin wrapper
around one), so importing back would make a cycle. The task modules are imported when the apps
are ready, which registers every task with the Celery app before any service runs.
"""

import logging
from collections.abc import Callable

from celery import current_app
from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def enqueue_task(name: str, *args, on_failure: Callable[[Exception], None] | None = None) -> None:
    """Send task `name` with `args` (ids and plain data, never model instances) after commit.

    When the broker cannot be reached (Redis down or restarting), `on_failure(error)` says so where
    the caller keeps its state (a crawl run fails with the reason) instead of the request failing."""
    task = current_app.tasks[name]

    def send() -> None:
        try:
            task.delay(*args)
        except OperationalError as exc:
            logger.error("Could not queue %s%r: %s", name, args, exc)
            if on_failure is None:
                raise
            on_failure(exc)

    transaction.on_commit(send)
