"""Encryption at rest for source credentials (Fernet: AES-128-CBC with HMAC).

Several keys may be configured to rotate: the first encrypts, all of them decrypt.
"""

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.strip().encode()) for key in keys])
    except ValueError:
        raise ImproperlyConfigured(
            "CATALOG_CREDENTIALS_KEY must be one or more comma-separated Fernet keys "
            "(generate one with: python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())')."
        ) from None


def encrypt(secret: str) -> bytes:
    return _fernet(tuple(settings.CREDENTIALS_KEYS)).encrypt(secret.encode())


def decrypt(token: bytes) -> str:
    try:
        return _fernet(tuple(settings.CREDENTIALS_KEYS)).decrypt(token).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "A stored source password cannot be decrypted: CATALOG_CREDENTIALS_KEY changed. "
            "Add the old key after the new one (comma-separated) to rotate."
        ) from None
