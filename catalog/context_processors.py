from catalog.roles import user_role as role_of


def user_role(request):
    user = getattr(request, "user", None)
    return {"user_role": role_of(user) if user is not None and user.is_authenticated else None}
