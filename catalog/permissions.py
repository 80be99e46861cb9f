"""Who may do what: the one check every service function runs before it writes.

Pages, the API, management commands and the admin site all reach a write through a service, and
the service asks `require(user, permission)`, so they cannot disagree. Commands, schedules and the
demo act as SYSTEM, the catalog itself, which holds every permission and is recorded as nobody.
"""

from django.core.exceptions import PermissionDenied

MANAGE_SOURCES = "catalog.manage_sources"
ANNOTATE = "catalog.annotate_catalog"


class SystemActor:
    """The catalog acting on its own behalf (a command, a schedule, the demo set-up)."""

    pk = id = None
    username = "system"
    is_authenticated = is_active = is_superuser = True
    is_anonymous = is_staff = False

    def has_perm(self, perm, obj=None) -> bool:
        return True

    def __str__(self):
        return self.username


SYSTEM = SystemActor()


def require(user, permission: str, message: str) -> None:
    """Raise PermissionDenied(message) unless `user` holds `permission`."""
    if user is None or not user.is_authenticated or not user.has_perm(permission):
        raise PermissionDenied(message)


def recorded(user):
    """The user to store as author or trigger of something: a real account, else nobody."""
    return user if user is not None and getattr(user, "pk", None) else None
