"""scrypt password hashes (pishkhan.services.passwords), used for the demo users."""

from __future__ import annotations

import base64

import pytest

from pishkhan.services.passwords import hash_password, verify_password


def test_hash_format_and_round_trip() -> None:
    encoded = hash_password("pishkhan")
    scheme, n, r, p, salt, digest = encoded.split("$")
    assert (scheme, n, r, p) == ("scrypt", "16384", "8", "1")
    assert len(base64.b64decode(salt)) == 16 and len(base64.b64decode(digest)) == 32
    assert verify_password("pishkhan", encoded)
    assert not verify_password("Pishkhan", encoded)
    assert not verify_password("", encoded)


def test_salt_is_random_and_persian_passwords_work() -> None:
    first, second = hash_password("رمز عبور ۱۲۳"), hash_password("رمز عبور ۱۲۳")
    assert first != second
    assert verify_password("رمز عبور ۱۲۳", first) and verify_password("رمز عبور ۱۲۳", second)
    assert not verify_password("رمز عبور 123", first)  # digits are not folded


@pytest.mark.parametrize(
    "encoded",
    [
        "",
        "garbage",
        "bcrypt$16384$8$1$AAAA$AAAA",
        "scrypt$16384$8$1$not-base64!$AAAA",
        "scrypt$16383$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$1073741824$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$16384$8$1$$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA",
    ],
)
def test_malformed_hashes_are_refused(encoded: str) -> None:
    assert verify_password("pishkhan", encoded) is False


def test_tampered_hash_is_refused() -> None:
    encoded = hash_password("pishkhan")
    head, digest = encoded.rsplit("$", 1)
    raw = bytearray(base64.b64decode(digest))
    raw[0] ^= 1
    assert not verify_password("pishkhan", f"{head}${base64.b64encode(bytes(raw)).decode()}")
