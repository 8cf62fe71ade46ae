"""Who is signed in and what each role may do. The service layer refuses, the UI only hides.

Every service function that changes something or shows money takes the ``SignedIn`` user and
calls ``require`` first, so a hidden button is never the only guard.

``sign_in`` checks a password against the store's scrypt hash and writes an audit event for every
attempt. Repeated failures for one username make it wait before the next attempt (counted from
the audit log, so restarting the program does not reset the count).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING

# The database side (SQLAlchemy, the models, the audit log) is imported where it is used: the
# sign-in dialog needs the names above long before the store is open, and should not wait for
# SQLAlchemy to load.
if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.orm import Session

    from pishkhan.store.models import User


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
    SEND_SMS = "send_sms"  # ask the central system to text a bill to the subscriber
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
    Role.OPERATOR: _DESK | {Permission.READING, Permission.PAYMENT, Permission.SEND_SMS},
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


def require_audited(
    sessions: Callable[[], Session], who: SignedIn | None, permission: Permission, target: str
) -> None:
    """``require``, and a refusal of a signed-in user is written to the audit log first."""
    try:
        require(who, permission)
    except PermissionDenied:
        if who is not None:
            from pishkhan.services import audit

            with sessions() as session, session.begin():
                audit.record(
                    session,
                    who,
                    audit.PERMISSION_DENIED,
                    target[:128],
                    {"permission": permission.value},
                )
        raise


# Signing in ---------------------------------------------------------------------------------------

FREE_FAILURES = 3  # failed attempts allowed before waiting is imposed
FAILURE_WINDOW = dt.timedelta(minutes=15)  # failures older than this are forgotten
FIRST_WAIT_SECONDS = 15
MAX_WAIT_SECONDS = 300


class SignInError(Exception):
    """Signing in failed; ``str()`` is a Persian message for the sign-in form."""


class BadCredentials(SignInError):
    def __init__(self) -> None:
        super().__init__("نام کاربری یا گذرواژه نادرست است.")


class SignInThrottled(SignInError):
    """Too many failures in a row; ``wait_seconds`` until the next attempt is accepted."""

    def __init__(self, wait_seconds: int) -> None:
        self.wait_seconds = max(1, wait_seconds)
        super().__init__(
            f"چند بار پشت سر هم نادرست وارد شد؛ {_fa_digits(self.wait_seconds)} ثانیهٔ دیگر "
            "دوباره امتحان کنید."
        )


class WrongUser(SignInError):
    def __init__(self) -> None:
        super().__init__("این میز را کاربر دیگری قفل کرده است.")


def _fa_digits(value: int) -> str:
    return str(value).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


def normalize_username(username: str) -> str:
    """Usernames compare without surrounding spaces and case."""
    return username.strip().lower()


def wait_after(failures: int) -> int:
    """Seconds to wait after ``failures`` consecutive failures (0 for the first few)."""
    if failures < FREE_FAILURES:
        return 0
    return min(MAX_WAIT_SECONDS, FIRST_WAIT_SECONDS * 2 ** (failures - FREE_FAILURES))


@cache
def _dummy_hash() -> str:
    """Checked against when the username does not exist, so both cases take as long."""
    from pishkhan.services.passwords import hash_password

    return hash_password("pishkhan-no-such-user")


def _utc_naive(now: dt.datetime | None) -> dt.datetime:
    moment = now or dt.datetime.now(dt.UTC)
    return moment.astimezone(dt.UTC).replace(tzinfo=None) if moment.tzinfo else moment


def recent_failures(
    session: Session, username: str, now: dt.datetime | None = None
) -> tuple[int, dt.datetime | None]:
    """(failed attempts since the last success within the window, when the last one was)."""
    from sqlalchemy import func, select

    from pishkhan.services import audit
    from pishkhan.store.models import AuditEvent

    at = _utc_naive(now)
    last_success = session.scalar(
        select(func.max(AuditEvent.at)).where(
            AuditEvent.username == username,
            AuditEvent.action.in_((audit.SIGN_IN, audit.UNLOCK)),
        )
    )
    since = at - FAILURE_WINDOW
    if last_success is not None and last_success > since:
        since = last_success
    count, last = session.execute(
        select(func.count(), func.max(AuditEvent.at)).where(
            AuditEvent.username == username,
            AuditEvent.action == audit.SIGN_IN_FAILED,
            AuditEvent.at > since,
        )
    ).one()
    return int(count), last


def sign_in(
    session: Session,
    username: str,
    password: str,
    *,
    now: dt.datetime | None = None,
    action: str = "sign_in",
) -> SignedIn:
    """Check ``username``/``password``; audit the attempt and commit ``session``.

    Raises :class:`BadCredentials` (unknown user, wrong password, inactive user — the message
    does not say which) or :class:`SignInThrottled` after repeated failures.
    """
    from sqlalchemy import select

    from pishkhan.services import audit
    from pishkhan.services.passwords import verify_password
    from pishkhan.store.dialect import begin_write
    from pishkhan.store.models import User

    begin_write(session)  # counts failures, then writes the audit row: take the lock first
    name = normalize_username(username)
    at = _utc_naive(now)
    failures, last = recent_failures(session, name, at)
    wait = wait_after(failures)
    if wait and last is not None and at < last + dt.timedelta(seconds=wait):
        remaining = int((last + dt.timedelta(seconds=wait) - at).total_seconds()) + 1
        audit.record(session, name, audit.SIGN_IN_THROTTLED, details={"wait": remaining}, at=at)
        session.commit()
        raise SignInThrottled(remaining)
    user = session.scalars(select(User).where(User.username == name)).one_or_none()
    ok = verify_password(password, user.password_hash if user else _dummy_hash())
    if user is None or not ok or not user.active or user.role not in set(Role):
        reason = "unknown_user" if user is None else "wrong_password" if not ok else "inactive"
        audit.record(
            session, name, audit.SIGN_IN_FAILED, details={"reason": reason, "via": action}, at=at
        )
        session.commit()
        raise BadCredentials()
    who = SignedIn(user.id, user.username, user.full_name, Role(user.role))
    audit.record(session, who, action, at=at)
    session.commit()
    return who


def unlock(
    session: Session, who: SignedIn, password: str, *, now: dt.datetime | None = None
) -> SignedIn:
    """The locked desk's own user signs in again (audited as ``unlock``)."""
    again = sign_in(session, who.username, password, now=now, action="unlock")
    if again.user_id != who.user_id:  # pragma: no cover - usernames are unique
        raise WrongUser()
    return again


def record_lock(session: Session, who: SignedIn, reason: str) -> None:
    """Audit that the desk was locked (``reason``: ``idle`` or ``key``) and commit."""
    from pishkhan.services import audit

    audit.record(session, who, audit.LOCK, details={"reason": reason})
    session.commit()


def record_sign_out(session: Session, who: SignedIn) -> None:
    from pishkhan.services import audit

    audit.record(session, who, audit.SIGN_OUT)
    session.commit()


# Users -------------------------------------------------------------------------------------------


def has_users(session: Session) -> bool:
    from sqlalchemy import func, select

    from pishkhan.store.models import User

    return bool(session.scalar(select(func.count()).select_from(User)))


def create_user(
    session: Session,
    username: str,
    full_name: str,
    role: Role,
    password: str,
    *,
    by: SignedIn | None = None,
) -> User:
    """Add a user (an administrator's action when ``by`` is given; audited). Caller commits."""
    from pishkhan.services import audit
    from pishkhan.services.passwords import hash_password
    from pishkhan.store.models import User

    if by is not None:
        require(by, Permission.MANAGE_USERS)
    user = User(
        username=normalize_username(username),
        full_name=full_name,
        role=Role(role).value,
        password_hash=hash_password(password),
        active=True,
    )
    session.add(user)
    session.flush()
    audit.record(session, by, "user_created", user.username, {"role": user.role})
    return user


def ensure_demo_users(session: Session) -> int:
    """On a store without any user, add the documented demo users; returns how many."""
    if has_users(session):
        return 0
    from pishkhan.demo.generator import demo_users

    users = demo_users()
    for demo in users:
        create_user(session, demo.username, demo.full_name, Role(demo.role), demo.password)
    session.commit()
    return len(users)
