"""The four roles, as groups with permissions. docs/permissions.md is the matrix in words.

Apps built on the catalog add their permissions to roles from their AppConfig.ready() with
catalog.extensions.register_role_permissions("Contributor", ["discussions.add_conversation"]), so
this module names no app but its own.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db.models import CharField, Value

from catalog.extensions import registered_role_permissions

VIEWER, CONTRIBUTOR, STEWARD, ADMIN = "Viewer", "Contributor", "Steward", "Admin"
ROLES = [VIEWER, CONTRIBUTOR, STEWARD, ADMIN]

_READ = ["catalog.view_datasource", "catalog.view_crawlrun"]
_ANNOTATE = ["catalog.annotate_catalog"]
_ADMINISTER = [
    "catalog.manage_sources",
    "catalog.add_datasource",
    "catalog.change_datasource",
    "catalog.delete_datasource",
    "auth.view_user",
    "auth.add_user",
    "auth.change_user",
    "auth.delete_user",
]

# Each role holds everything of the roles before it.
ROLE_PERMISSIONS = {
    VIEWER: _READ,
    CONTRIBUTOR: _READ + _ANNOTATE,
    STEWARD: _READ + _ANNOTATE,
    ADMIN: _READ + _ANNOTATE + _ADMINISTER,
}


def role_permissions() -> dict[str, list[str]]:
    merged = {role: list(perms) for role, perms in ROLE_PERMISSIONS.items()}
    for role, perms in registered_role_permissions().items():
        for later_role in ROLES[ROLES.index(role) :]:
            merged[later_role].extend(p for p in perms if p not in merged[later_role])
    return merged


def sync_roles() -> None:
    """Create the role groups and give each exactly its permissions (idempotent)."""
    wanted = role_permissions()
    every = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.select_related("content_type")
    }
    for role, names in wanted.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set([every[name] for name in names if name in every])


def sync_roles_after_migrate(sender, **kwargs):
    # Run once, after the last app with models migrated, when every permission exists.
    if sender.name == [config for config in apps.get_app_configs() if config.models_module][-1].name:
        sync_roles()


def user_role(user) -> str | None:
    """The highest role a user holds, for display."""
    if user.is_superuser:
        return ADMIN
    load_access(user)
    return next((role for role in reversed(ROLES) if role in user._group_names), None)


def load_access(user) -> None:
    """Read a user's groups, their groups' permissions and their own permissions in one query and
    keep them on the user object, where Django's ModelBackend looks for its permission caches
    (`_group_perm_cache`, `_user_perm_cache`). Every page showed the role and checked navigation
    permissions: three queries a request (groups, then each kind of permission) became one. Like
    Django's own caches, these live as long as the user object: one request."""
    if hasattr(user, "_group_names"):
        return
    text = CharField()
    # One row per (group, permission), a group without permissions once with NULLs, then one row
    # per permission of the user's own; the first column says which.
    groups = Group.objects.filter(user=user).values_list(
        Value("group", output_field=text),
        "name",
        "permissions__content_type__app_label",
        "permissions__codename",
    )
    own = Permission.objects.filter(user=user).values_list(
        Value("user", output_field=text),
        Value("", output_field=text),
        "content_type__app_label",
        "codename",
    )
    names, group_perms, user_perms = set(), set(), set()
    for source, group, app_label, codename in groups.order_by().union(own.order_by(), all=True):
        if source == "group":
            names.add(group)
        if codename is not None:
            (group_perms if source == "group" else user_perms).add(f"{app_label}.{codename}")
    user._group_names = names
    if not user.is_superuser:  # a superuser's caches hold every permission; Django fills those
        user._group_perm_cache = group_perms
        user._user_perm_cache = user_perms


def permission_matrix() -> list[dict]:
    """Every permission a role holds, with its description and the roles holding it, in role
    order: the table docs/permissions.md shows (tests keep the two the same)."""
    wanted = role_permissions()
    names = sorted(
        {name for perms in wanted.values() for name in perms}, key=lambda n: _first_role(n, wanted)
    )
    described = {
        f"{p.content_type.app_label}.{p.codename}": p.name
        for p in Permission.objects.select_related("content_type")
    }
    return [
        {
            "permission": name,
            "description": described.get(name, ""),
            "roles": [r for r in ROLES if name in wanted[r]],
        }
        for name in names
    ]


def _first_role(name: str, wanted: dict) -> tuple[int, str]:
    return next(i for i, role in enumerate(ROLES) if name in wanted[role]), name


def permission_matrix_markdown() -> str:
    rows = [
        "| Permission | What it allows | " + " | ".join(ROLES) + " |",
        "| --- | --- |" + " :---: |" * len(ROLES),
    ]
    for item in permission_matrix():
        marks = " | ".join("✓" if role in item["roles"] else "" for role in ROLES)
        rows.append(f"| `{item['permission']}` | {item['description']} | {marks} |")
    return "\n".join(rows) + "\n"
