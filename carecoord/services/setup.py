"""Set-up and unlock: make a store with its first user, or open one with its key."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from carecoord.domain.enums import Role, Sector
from carecoord.domain.errors import StoreError, ValidationError
from carecoord.security import audit, keystore
from carecoord.security.users import SYSTEM, add_user, check_password_rules
from carecoord.store.models import Organisation, Professional
from carecoord.store.paths import db_path
from carecoord.store.store import Store, create_store, open_store
from carecoord.store.unit_of_work import unit_of_work


@dataclass(frozen=True)
class FirstUser:
    username: str
    full_name: str
    role: Role
    password: str
    job_title: str = "Community matron"
    organisation: str | None = None
    sector: Sector = Sector.COMMUNITY_NURSING
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class NewStore:
    store: Store
    recovery_key: str


def store_exists(data_dir: Path) -> bool:
    return db_path(data_dir).exists()


def initialise(data_dir: Path, first: FirstUser, passphrase: str | None = None,
               use_keyring: bool = True, demo: bool = False) -> NewStore:
    """Create the key, the encrypted store and the first user (who is also a professional)."""
    data_dir = Path(data_dir)
    if store_exists(data_dir):
        raise StoreError(f"A store already exists in {data_dir}.")
    if not demo:
        check_password_rules(first.password, first.username)
    if passphrase is not None and not demo and len(passphrase) < 10:
        raise ValidationError("A passphrase needs at least 10 characters.", "passphrase")
    data_dir.mkdir(parents=True, exist_ok=True)
    store_id = str(uuid.uuid4())
    key, recovery = keystore.create_key_material(data_dir, store_id, passphrase, use_keyring,
                                                 demo=demo)
    try:
        store = create_store(data_dir, key, store_id, demo=demo)
    except Exception:
        (data_dir / keystore.KEY_FILE).unlink(missing_ok=True)
        db_path(data_dir).unlink(missing_ok=True)
        raise
    with unit_of_work(store.session_factory, write=True) as uow:
        s = uow.session
        org_id = None
        if first.organisation:
            org = Organisation(name=first.organisation.strip(), sector=Sector(first.sector))
            s.add(org)
            s.flush()
            org_id = org.id
        pro = Professional(name=first.full_name.strip(), role=first.job_title.strip() or "Lead",
                           sector=Sector(first.sector), organisation_id=org_id,
                           phone=first.phone, email=first.email)
        s.add(pro)
        s.flush()
        user = add_user(s, username=first.username, full_name=first.full_name, role=first.role,
                        password=first.password, professional_id=pro.id,
                        enforce_rules=not demo)
        audit.append(s, user_id=SYSTEM.user_id, username=SYSTEM.username, action="init",
                     entity="store", entity_id=store_id,
                     detail={"first_user": user.username, "demo": demo,
                             "keyring": (data_dir / keystore.KEY_FILE).exists()})
    return NewStore(store, recovery)


def key_file(data_dir: Path) -> keystore.KeyFile:
    if not store_exists(Path(data_dir)):
        raise StoreError(
            f"There is no CareCoord store in {data_dir}. Run 'carecoord init' or "
            "'carecoord demo' to make one.")
    return keystore.read_key_file(Path(data_dir))


def is_demo(data_dir: Path) -> bool:
    return key_file(data_dir).demo


def needs_secret(data_dir: Path) -> bool:
    """True when the keyring cannot unlock this store and a passphrase or recovery key is due."""
    return keystore.needs_secret(key_file(data_dir))


def unlock(data_dir: Path, *, passphrase: str | None = None, recovery_key: str | None = None,
           upgrade: bool = True) -> Store:
    data_dir = Path(data_dir)
    kf = key_file(data_dir)
    key = None
    if not (passphrase or recovery_key):
        key = keystore.key_from_keyring(kf)
    if key is None:
        key = keystore.unlock_with(kf, passphrase=passphrase, recovery_key=recovery_key)
    store = open_store(data_dir, key, upgrade=upgrade)
    if recovery_key:
        keystore.remember_in_keyring(data_dir, key)
    return store
