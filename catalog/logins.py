"""Login throttling: failed log-ins are counted per account and per client address in Django's
cache; after too many, that account (or address) is locked for a few minutes.

The authentication backend refuses to check any password while a lock holds, so every way in that
takes a password (the login page, the admin site's login) is throttled; the login forms say why.
"""

import time

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.dispatch import receiver


def _keys(username: str | None, address: str | None) -> list[str]:
    keys = []
    if username:
        keys.append(f"login:account:{username.strip().lower()}")
    if address:
        keys.append(f"login:address:{address}")
    return keys


def _limit(key: str) -> int:
    return settings.LOGIN_FAILURES_PER_ACCOUNT if ":account:" in key else settings.LOGIN_FAILURES_PER_ADDRESS


def client_address(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


def locked_for(username: str | None, address: str | None) -> int:
    """Seconds until the account or the address may try again (0: not locked)."""
    until = max((cache.get(f"{key}:locked") or 0 for key in _keys(username, address)), default=0)
    return max(0, int(until - time.time() + 0.999))


def record_failure(username: str | None, address: str | None) -> None:
    seconds = settings.LOGIN_LOCK_SECONDS
    for key in _keys(username, address):
        cache.add(key, 0, seconds)  # the window starts with the first failure
        try:
            failures = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, failures := 1, seconds)
        if failures >= _limit(key) and not cache.get(f"{key}:locked"):
            cache.set(f"{key}:locked", time.time() + seconds, seconds)
            cache.delete(key)


def clear_account(username: str) -> None:
    for key in _keys(username, None):
        cache.delete_many([key, f"{key}:locked"])


def lock_message(seconds: int) -> str:
    minutes = max(1, round(seconds / 60))
    return (
        "Too many failed log-ins for this account or from this address. "
        f"Try again in {minutes} minute{'s' if minutes != 1 else ''}."
    )


class ThrottledModelBackend(ModelBackend):
    """Django's backend, which checks no password while the account or the address is locked."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self._username_field())
        if locked_for(username, client_address(request)):
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_all_permissions(self, user_obj, obj=None):
        # The user's and their groups' permissions in one query with their groups (see load_access).
        if obj is None and user_obj.is_active and not user_obj.is_anonymous and not user_obj.is_superuser:
            from catalog.roles import load_access  # noqa: PLC0415 - models load after apps

            load_access(user_obj)
        return super().get_all_permissions(user_obj, obj)

    @staticmethod
    def _username_field() -> str:
        from django.contrib.auth import get_user_model  # noqa: PLC0415 - models load after apps

        return get_user_model().USERNAME_FIELD


@receiver(user_login_failed, dispatch_uid="catalog.logins.failed")
def _count_failure(sender, credentials, request=None, **kwargs):
    if locked_for(credentials.get("username"), client_address(request)):
        return  # tries during a lock neither count nor extend it
    record_failure(credentials.get("username"), client_address(request))


@receiver(user_logged_in, dispatch_uid="catalog.logins.succeeded")
def _forget_failures(sender, request, user, **kwargs):
    clear_account(user.get_username())
