"""scrypt in one place: key wrapping and password hashing share the parameters."""

from __future__ import annotations

import hashlib
import hmac
import os

SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
_MAXMEM = 128 * 1024 * 1024


def scrypt(secret: str, salt: bytes, n: int | None = None, r: int | None = None,
           p: int | None = None, length: int = 64) -> bytes:
    """Parameters default to the module's current cost (tests lower it; stored hashes keep
    their own parameters, so verification never depends on the current setting)."""
    return hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=n or SCRYPT_N, r=r or SCRYPT_R,
                          p=p or SCRYPT_P, maxmem=_MAXMEM, dklen=length)


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    digest = scrypt(password, salt, length=32)
    return f"scrypt${_cost()}${salt.hex()}${digest.hex()}"  # noqa: E501


def _cost() -> str:
    return f"{SCRYPT_N}${SCRYPT_R}${SCRYPT_P}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt_hex, digest_hex = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    digest = scrypt(password, bytes.fromhex(salt_hex), int(n), int(r), int(p), length=32)
    return hmac.compare_digest(digest, bytes.fromhex(digest_hex))
