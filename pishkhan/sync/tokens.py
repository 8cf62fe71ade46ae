"""Where the desk's API token lives: the operating system's key store (``keyring``) only.

Never in ``config.toml`` nor in the database: a copied data folder must not carry the right to
push money records as this desk.
"""

from __future__ import annotations

from typing import Protocol

import keyring
import keyring.errors

SERVICE = "pishkhan-central"
NO_BACKEND = (
    "انبار امن گذرواژه‌های سیستم‌عامل (keyring) در دسترس نیست؛ توکن سامانه مرکزی جای دیگری "
    "نگهداری نمی‌شود. روی لینوکس یک سرویس Secret Service (مانند gnome-keyring) را راه بیندازید."
)


class TokenStoreError(RuntimeError):
    """The key store cannot be used; ``str()`` is a Persian message."""


class TokenStore(Protocol):
    def get(self) -> str | None: ...

    def set(self, token: str) -> None: ...

    def delete(self) -> None: ...


class KeyringTokenStore:
    """The token of one desk at one central system, in the OS key store."""

    def __init__(self, account: str) -> None:
        self.account = account

    def get(self) -> str | None:
        try:
            return keyring.get_password(SERVICE, self.account)
        except keyring.errors.KeyringError as exc:
            raise TokenStoreError(NO_BACKEND) from exc

    def set(self, token: str) -> None:
        try:
            keyring.set_password(SERVICE, self.account, token)
        except keyring.errors.KeyringError as exc:
            raise TokenStoreError(NO_BACKEND) from exc

    def delete(self) -> None:
        try:
            keyring.delete_password(SERVICE, self.account)
        except keyring.errors.PasswordDeleteError:
            pass
        except keyring.errors.KeyringError as exc:
            raise TokenStoreError(NO_BACKEND) from exc
