"""Who is signed in and what each role may do. The service layer refuses, the UI only hides.

Every service function that changes something or shows money takes the ``SignedIn`` user and
calls ``require`` first, so a hidden button is never the only guard.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    OPERATOR = "operator"
    CLERK = "clerk"  # scanning clerk: requests and documents
    MANAGER = "manager"  # branch manager
    ADMIN = "admin"


class Permission(StrEnum):
    LOOKUP = "lookup"  # search subscribers, open a subscriber file
    PRINT_BILL = "print_bill"
    READING = "reading"  # register a meter reading
    PAYMENT = "payment"  # take bill and fee payments
    VOID_PAYMENT = "void_payment"
    REQUEST = "request"  # register requests, scan documents
    SCAN = "scan"
    HISTORY = "history"  # consumption and payment histories
    DAILY_REPORT = "daily_report"
    CLOSE_DAY = "close_day"
    SYNC = "sync"
    MANAGE_USERS = "manage_users"
    SETTINGS = "settings"


_ALL = frozenset(Permission)
_DESK = frozenset({Permission.LOOKUP, Permission.PRINT_BILL, Permission.HISTORY, Permission.SYNC})

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.OPERATOR: _DESK | {Permission.READING, Permission.PAYMENT},
    Role.CLERK: _DESK | {Permission.REQUEST, Permission.SCAN},
    Role.MANAGER: _ALL - {Permission.MANAGE_USERS, Permission.SETTINGS},
    Role.ADMIN: _ALL,
}


class PermissionDenied(PermissionError):
    """The signed-in user's role may not do this; ``str()`` is a Persian message."""

    def __init__(self, permission: Permission, role: str) -> None:
        super().__init__(f"نقش شما اجازهٔ این کار را ندارد ({permission.value}).")
        self.permission = permission
        self.role = role


@dataclass(frozen=True, slots=True)
class SignedIn:
    """The user at the desk, as the services see them (no ORM object crosses threads)."""

    user_id: int
    username: str
    full_name: str
    role: Role

    def may(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS.get(self.role, frozenset())


def require(who: SignedIn | None, permission: Permission) -> None:
    """Raise ``PermissionDenied`` unless ``who`` may do ``permission``."""
    if who is None or not who.may(permission):
        raise PermissionDenied(permission, who.role.value if who else "")
