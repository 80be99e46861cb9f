"""Queueing Celery tasks from services, by name, once the surrounding transaction commits.

Services name tasks instead of importing them: tasks import services (a task is a thin wrapper
around one), so importing back would make a cycle. The task modules are imported when the apps
are ready, which registers every task with the Celery app before any service runs.
"""

from celery import current_app
from django.db import transaction


def enqueue_task(name: str, *args) -> None:
    """Send task `name` with `args` (ids and plain data, never model instances) after commit."""
    task = current_app.tasks[name]
    transaction.on_commit(lambda: task.delay(*args))
