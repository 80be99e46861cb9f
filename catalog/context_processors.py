from django.urls import reverse

from catalog.extensions import nav_entries, page_scripts, page_stylesheets
from catalog.roles import user_role as role_of


def user_role(request):
    user = getattr(request, "user", None)
    return {"user_role": role_of(user) if user is not None and user.is_authenticated else None}


def navigation(request):
    """The main navigation: the entries the catalog and the installed apps registered, for this user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_entries": []}
    entries = []
    for entry in nav_entries():
        if entry.permission and not user.has_perm(entry.permission):
            continue
        url = reverse(entry.url_name)
        current = request.path == url or (url != "/" and request.path.startswith(url))
        count = entry.count(user) if entry.count else None
        entries.append(
            {"key": entry.key, "label": entry.label, "url": url, "current": current, "count": count}
        )
    return {"nav_entries": entries}


def page_assets(request):
    """The scripts and stylesheets installed apps add to every page (register_static)."""
    return {"app_scripts": page_scripts(), "app_stylesheets": page_stylesheets()}
