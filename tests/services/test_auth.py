"""Signing in against the store's scrypt hashes: audit trail, throttling, roles."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pishkhan.services import audit
from pishkhan.services.auth import (
    FREE_FAILURES,
    BadCredentials,
    Permission,
    PermissionDenied,
    Role,
    SignedIn,
    SignInThrottled,
    ensure_demo_users,
    require,
    sign_in,
    unlock,
    wait_after,
)
from pishkhan.services.context import AppContext

PERSIAN = "ابپتثجچحخدذرزسشصضطظعغفقکگلمنوهی"
T0 = dt.datetime(2031, 3, 1, 8, 0, tzinfo=dt.UTC)


def test_demo_users_sign_in_with_their_roles(store: AppContext) -> None:
    with store.sessions() as session:
        for username, role in [
            ("operator", Role.OPERATOR),
            ("clerk", Role.CLERK),
            ("manager", Role.MANAGER),
            ("admin", Role.ADMIN),
        ]:
            who = sign_in(session, f"  {username.upper()} ", "pishkhan", now=T0)
            assert (who.username, who.role) == (username, role)
            assert who.full_name
        done = audit.events(session, action=audit.SIGN_IN, username="operator")
        assert done and done[-1].user_id is not None


def test_wrong_password_is_refused_in_persian_and_audited(store: AppContext) -> None:
    with store.sessions() as session:
        with pytest.raises(BadCredentials) as info:
            sign_in(session, "clerk", "Pishkhan", now=T0)
        assert "نادرست" in str(info.value)
        with pytest.raises(BadCredentials) as unknown:
            sign_in(session, "nobody", "pishkhan", now=T0)
        assert str(unknown.value) == str(info.value)  # does not tell which was wrong
        failed = audit.events(session, action=audit.SIGN_IN_FAILED)
        reasons = {(e.username, e.details["reason"]) for e in failed}
        assert {("clerk", "wrong_password"), ("nobody", "unknown_user")} <= reasons


def test_repeated_failures_make_the_user_wait(store: AppContext) -> None:
    start = T0 + dt.timedelta(days=1)
    with store.sessions() as session:
        for attempt in range(FREE_FAILURES):
            with pytest.raises(BadCredentials):
                sign_in(session, "manager", "guess", now=start + dt.timedelta(seconds=attempt))
        last = start + dt.timedelta(seconds=FREE_FAILURES - 1)
        # Even the right password is not checked while waiting.
        with pytest.raises(SignInThrottled) as info:
            sign_in(session, "manager", "pishkhan", now=last + dt.timedelta(seconds=2))
        assert info.value.wait_seconds == wait_after(FREE_FAILURES) - 2 + 1
        assert "ثانیه" in str(info.value) and not any(
            c.isascii() and c.isdigit() for c in str(info.value)
        )
        # Another user is not affected.
        assert sign_in(session, "admin", "pishkhan", now=last).username == "admin"
        later = last + dt.timedelta(seconds=wait_after(FREE_FAILURES) + 1)
        assert sign_in(session, "manager", "pishkhan", now=later).role is Role.MANAGER
        # After a success the count starts again.
        with pytest.raises(BadCredentials):
            sign_in(session, "manager", "guess", now=later + dt.timedelta(seconds=1))
        assert audit.events(session, action=audit.SIGN_IN_THROTTLED, username="manager")


def test_wait_grows_and_is_capped() -> None:
    waits = [wait_after(n) for n in range(12)]
    assert waits[:FREE_FAILURES] == [0] * FREE_FAILURES
    assert waits == sorted(waits) and waits[-1] == 300


def test_unlock_takes_the_same_users_password(store: AppContext) -> None:
    with store.sessions() as session:
        who = sign_in(session, "operator", "pishkhan", now=T0)
        assert unlock(session, who, "pishkhan", now=T0) == who
        with pytest.raises(BadCredentials):
            unlock(session, who, "wrong", now=T0)
        assert audit.events(session, action=audit.UNLOCK, username="operator")


def test_roles_grant_what_the_desk_needs() -> None:
    def who(role: Role) -> SignedIn:
        return SignedIn(1, role.value, role.value, role)

    assert who(Role.OPERATOR).may(Permission.PAYMENT)
    assert not who(Role.OPERATOR).may(Permission.SCAN)
    assert who(Role.CLERK).may(Permission.SCAN) and not who(Role.CLERK).may(Permission.PAYMENT)
    assert who(Role.MANAGER).may(Permission.CLOSE_DAY)
    assert not who(Role.MANAGER).may(Permission.MANAGE_USERS)
    assert all(who(Role.ADMIN).may(p) for p in Permission)
    with pytest.raises(PermissionDenied) as info:
        require(who(Role.CLERK), Permission.PAYMENT)
    assert "اجازه" in str(info.value)
    with pytest.raises(PermissionDenied):
        require(None, Permission.LOOKUP)


def test_an_empty_store_gets_the_demo_users_once(tmp_store: AppContext) -> None:
    with tmp_store.sessions() as session:
        assert ensure_demo_users(session) == 4
        assert ensure_demo_users(session) == 0
        assert sign_in(session, "admin", "pishkhan").role is Role.ADMIN


@settings(max_examples=25, deadline=None)
@given(
    username=st.text(alphabet=st.sampled_from(PERSIAN + "abc0123 \t\u200c"), max_size=20),
    password=st.text(max_size=30),
)
def test_any_input_is_a_clean_refusal(store: AppContext, username: str, password: str) -> None:
    with store.sessions() as session:
        try:
            sign_in(session, username, password, now=T0 + dt.timedelta(days=30))
        except (BadCredentials, SignInThrottled) as exc:
            assert any("\u0600" <= ch <= "\u06ff" for ch in str(exc))
