"""Writing to the append-only audit log: one function every governance service calls."""

from catalog.permissions import recorded
from governance.models import AuditEvent


def audit(*, user, action: str, obj, label: str = "", before: dict | None = None, after: dict | None = None):
    actor = recorded(user)
    return AuditEvent.objects.create(
        actor=actor,
        actor_name=actor.get_username() if actor else "system",
        action=action,
        object_type=type(obj).__name__.lower(),
        object_id=getattr(obj, "pk", None),
        object_label=(label or str(obj))[:500],
        before=before or {},
        after=after or {},
    )
