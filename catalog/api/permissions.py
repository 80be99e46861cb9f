"""Who may call what through the API: reads for every logged-in user, writes per role permission.

These classes are the API's first gate, shared by every app's views; the service each write calls
checks the same permission again (catalog.permissions.require), so a page, the API and a command
cannot disagree.
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from catalog.permissions import ANNOTATE, MANAGE_SOURCES


class ReadOrPermission(BasePermission):
    """Safe methods for any authenticated user; every other method needs `write_permission`."""

    write_permission: str = ""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if request.method in SAFE_METHODS:
            return True
        return user.has_perm(self.write_permission)


class RequiresPermission(BasePermission):
    """Every method needs `permission` (write-only endpoints: ingestion, uploads, moderation)."""

    permission: str = ""

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.has_perm(self.permission))


def read_or(permission: str) -> type[ReadOrPermission]:
    """A permission class: reads for everyone logged in, writes with `permission`."""
    return type(f"ReadOr_{permission}", (ReadOrPermission,), {"write_permission": permission})


def requires(permission: str) -> type[RequiresPermission]:
    """A permission class: every method needs `permission`."""
    return type(f"Requires_{permission}", (RequiresPermission,), {"permission": permission})


class CanManageSources(ReadOrPermission):
    """Register, edit, delete, test and crawl sources: Admins."""

    write_permission = MANAGE_SOURCES


class CanAnnotateCatalog(ReadOrPermission):
    """Edit titles and descriptions of schemas, tables and columns: Contributors and above."""

    write_permission = ANNOTATE
