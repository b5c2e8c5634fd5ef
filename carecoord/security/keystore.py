"""The store's data key: random, kept in the OS keyring, or unwrapped from a passphrase.

The key file (`store.json`) beside the database holds only wrapped copies of the key: one per
passphrase or recovery key, each XORed with a scrypt-derived pad and checked by an HMAC, so a
wrong passphrase is told apart from a damaged store. The raw key never touches the disk.
"""

from __future__ import annotations

import base64
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from carecoord.domain.errors import StoreError
from carecoord.security import kdf
from carecoord.security.kdf import scrypt

KEYRING_SERVICE = "carecoord"
KEY_FILE = "store.json"
_CHECK_LABEL = b"carecoord key check v1"
# Backends that would leave the key in plain sight, or nowhere at all.
_REFUSED_BACKENDS = ("fail", "null", "plaintext", "chainer")


class WrongSecretError(StoreError):
    pass


@dataclass(frozen=True)
class KeyFile:
    store_id: str
    uses_keyring: bool
    wraps: list[dict]
    # Demo stores say so before they are unlocked, so scripts can open them with no prompt.
    demo: bool = False

    def has(self, kind: str) -> bool:
        return any(w["kind"] == kind for w in self.wraps)


def new_data_key() -> bytes:
    return secrets.token_bytes(32)


def new_recovery_key() -> str:
    raw = base64.b32encode(secrets.token_bytes(15)).decode("ascii")
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def normalise_recovery_key(text: str) -> str:
    raw = "".join(ch for ch in text.upper() if ch.isalnum())
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def _wrap(kind: str, secret: str, key: bytes) -> dict:
    salt = os.urandom(16)
    derived = scrypt(secret, salt)
    pad, mac_key = derived[:32], derived[32:]
    return {
        "kind": kind,
        "kdf": "scrypt",
        "n": kdf.SCRYPT_N,
        "r": kdf.SCRYPT_R,
        "p": kdf.SCRYPT_P,
        "salt": salt.hex(),
        "wrapped": bytes(a ^ b for a, b in zip(key, pad, strict=True)).hex(),
        "check": hmac.new(mac_key, _CHECK_LABEL + key, "sha256").hexdigest(),
    }


def _unwrap(wrap: dict, secret: str) -> bytes | None:
    derived = scrypt(secret, bytes.fromhex(wrap["salt"]), wrap["n"], wrap["r"], wrap["p"])
    pad, mac_key = derived[:32], derived[32:]
    key = bytes(a ^ b for a, b in zip(bytes.fromhex(wrap["wrapped"]), pad, strict=True))
    expected = hmac.new(mac_key, _CHECK_LABEL + key, "sha256").hexdigest()
    return key if hmac.compare_digest(expected, wrap["check"]) else None


def read_key_file(data_dir: Path) -> KeyFile:
    path = data_dir / KEY_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return KeyFile(data["store_id"], bool(data.get("uses_keyring")), list(data["wraps"]),
                       bool(data.get("demo")))
    except FileNotFoundError:
        raise StoreError(f"There is no CareCoord store in {data_dir}.") from None
    except (ValueError, KeyError, TypeError):
        raise StoreError(f"The key file {path} is damaged. Open the store with a backup.") from None


def write_key_file(data_dir: Path, kf: KeyFile) -> None:
    data = {"format": 1, "store_id": kf.store_id, "uses_keyring": kf.uses_keyring,
            "demo": kf.demo, "wraps": kf.wraps}
    tmp = data_dir / (KEY_FILE + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, data_dir / KEY_FILE)


def safe_keyring():
    """The OS keyring backend, or None when only an unsafe or absent one exists."""
    try:
        import keyring
        from keyring.backends import chainer
    except Exception:  # noqa: BLE001 - a broken keyring install is the same as none
        return None
    backend = keyring.get_keyring()
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return None
    module = type(backend).__module__.lower()
    if any(part in module.split(".") for part in _REFUSED_BACKENDS):
        return None
    if getattr(backend, "priority", 1) <= 0:
        return None
    return backend


def create_key_material(data_dir: Path, store_id: str, passphrase: str | None,
                        use_keyring: bool = True, demo: bool = False) -> tuple[bytes, str]:
    """Make a data key and its recovery key. Returns (key, recovery key shown once)."""
    key = new_data_key()
    recovery = new_recovery_key()
    wraps = [_wrap("recovery", recovery, key)]
    stored_in_keyring = False
    if use_keyring and (backend := safe_keyring()) is not None:
        try:
            backend.set_password(KEYRING_SERVICE, store_id, key.hex())
            stored_in_keyring = True
        except Exception:  # noqa: BLE001 - a locked or broken keyring: fall back to passphrase
            stored_in_keyring = False
    if passphrase:
        wraps.append(_wrap("passphrase", passphrase, key))
    if not stored_in_keyring and not passphrase:
        raise StoreError(
            "No safe keyring is available on this computer, so the store needs a passphrase. "
            "Set CARECOORD_PASSPHRASE or type one when asked."
        )
    write_key_file(data_dir, KeyFile(store_id, stored_in_keyring, wraps, demo))
    return key, recovery


def key_from_keyring(kf: KeyFile) -> bytes | None:
    if not kf.uses_keyring:
        return None
    backend = safe_keyring()
    if backend is None:
        return None
    try:
        value = backend.get_password(KEYRING_SERVICE, kf.store_id)
    except Exception:  # noqa: BLE001
        return None
    return bytes.fromhex(value) if value else None


def unlock_with(kf: KeyFile, *, passphrase: str | None = None,
                recovery_key: str | None = None) -> bytes:
    if recovery_key:
        secret, kind = normalise_recovery_key(recovery_key), "recovery"
    elif passphrase:
        secret, kind = passphrase, "passphrase"
    else:
        raise WrongSecretError("Enter the passphrase or the recovery key.")
    for wrap in kf.wraps:
        if wrap["kind"] == kind and (key := _unwrap(wrap, secret)) is not None:
            return key
    if kind == "recovery":
        raise WrongSecretError("That recovery key does not open this store.")
    if not kf.has("passphrase"):
        raise WrongSecretError("This store has no passphrase. Use its recovery key.")
    raise WrongSecretError("The passphrase is wrong. Please try again.")


def needs_secret(kf: KeyFile) -> bool:
    return key_from_keyring(kf) is None


def set_passphrase(data_dir: Path, key: bytes, passphrase: str) -> None:
    kf = read_key_file(data_dir)
    wraps = [w for w in kf.wraps if w["kind"] != "passphrase"]
    wraps.append(_wrap("passphrase", passphrase, key))
    write_key_file(data_dir, KeyFile(kf.store_id, kf.uses_keyring, wraps, kf.demo))


def remember_in_keyring(data_dir: Path, key: bytes) -> bool:
    """After a recovery on a new machine, keep the key in this machine's keyring if safe."""
    kf = read_key_file(data_dir)
    backend = safe_keyring()
    if backend is None:
        return False
    try:
        backend.set_password(KEYRING_SERVICE, kf.store_id, key.hex())
    except Exception:  # noqa: BLE001
        return False
    write_key_file(data_dir, KeyFile(kf.store_id, True, kf.wraps, kf.demo))
    return True
