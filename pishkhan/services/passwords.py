"""Password hashing with scrypt (memory-hard, in the standard library).

An encoded hash carries its own parameters, so they can be raised later without breaking the
stored hashes: ``scrypt$16384$8$1$<salt b64>$<hash b64>``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets

SCHEME = "scrypt"
N = 2**14
R = 8
P = 1
SALT_BYTES = 16
HASH_BYTES = 32
# Refuse absurd parameters from a tampered hash instead of allocating gigabytes.
_MAX_N = 2**20
_MAX_RP = 64


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    # OpenSSL needs maxmem above 128·n·r·p bytes; give it some slack.
    maxmem = 128 * n * r * p + 1024 * 1024
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=maxmem, dklen=length
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str) -> str:
    """Hash ``password`` with a fresh random 16-byte salt."""
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(password, salt, N, R, P, HASH_BYTES)
    return f"{SCHEME}${N}${R}${P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, encoded: str) -> bool:
    """True when ``password`` matches ``encoded``; False on a mismatch or a malformed hash."""
    try:
        scheme, n_text, r_text, p_text, salt_text, hash_text = encoded.split("$")
        if scheme != SCHEME:
            return False
        n, r, p = int(n_text), int(r_text), int(p_text)
        if n < 2 or n > _MAX_N or n & (n - 1) or not 0 < r <= _MAX_RP or not 0 < p <= _MAX_RP:
            return False
        salt = base64.b64decode(salt_text, validate=True)
        expected = base64.b64decode(hash_text, validate=True)
        if not salt or not 16 <= len(expected) <= 64:
            return False
        actual = _scrypt(password, salt, n, r, p, len(expected))
    except (ValueError, TypeError, AttributeError, binascii.Error, MemoryError):
        return False
    return hmac.compare_digest(actual, expected)
