"""Who may do what through the API: reads for every logged-in user, writes per role permission."""

from rest_framework.permissions import SAFE_METHODS, BasePermission


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


class CanManageSources(ReadOrPermission):
    """Register, edit, delete, test and crawl sources: Admins."""

    write_permission = "catalog.manage_sources"


class CanAnnotateCatalog(ReadOrPermission):
    """Edit titles and descriptions of schemas, tables and columns: Contributors and above."""

    write_permission = "catalog.annotate_catalog"
