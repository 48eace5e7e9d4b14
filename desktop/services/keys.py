"""The file secret and what protects it: argon2id for passwords, AES-GCM to wrap the secret per account.

One random 32-byte secret per data file keys the change-log chain and encrypts the HQ group key. It is never
stored in clear: each account (and the printed recovery code) holds a copy encrypted under a key derived from
its password with argon2id, so the secret — and with it the power to write a valid log entry or read the group
key — comes only with a correct password. argon2-cffi and cryptography are the standard, maintained libraries for
these two jobs; nothing here is home-made cryptography.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

SECRET_BYTES = 32
# argon2-cffi's defaults (RFC 9106 "second recommended" low-memory profile): about 0.1 s and 64 MiB per try on
# the office PCs, which makes guessing a stolen file's passwords slow without making sign-in feel slow.
_TIME_COST, _MEMORY_KIB, _PARALLELISM = 3, 65536, 4
_hasher = PasswordHasher(time_cost=_TIME_COST, memory_cost=_MEMORY_KIB, parallelism=_PARALLELISM)


def new_secret() -> bytes:
    return secrets.token_bytes(SECRET_BYTES)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    try:
        return _hasher.check_needs_rehash(stored)
    except InvalidHashError:
        return True


def _kek(password: str, salt: bytes) -> bytes:
    return hash_secret_raw(
        password.encode("utf-8"),
        salt,
        time_cost=_TIME_COST,
        memory_cost=_MEMORY_KIB,
        parallelism=_PARALLELISM,
        hash_len=32,
        type=Type.ID,
    )


def wrap_secret(secret: bytes, password: str, label: str) -> tuple[str, str]:
    """(salt hex, nonce+ciphertext hex): the secret encrypted under a key derived from the password."""
    salt = secrets.token_bytes(16)
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(_kek(password, salt)).encrypt(nonce, secret, label.encode("utf-8"))
    return salt.hex(), (nonce + sealed).hex()


def unwrap_secret(salt_hex: str, wrapped_hex: str, password: str, label: str) -> bytes | None:
    """The secret, or None when the password (or the label it was bound to) is wrong or the slot was altered."""
    try:
        salt, blob = bytes.fromhex(salt_hex), bytes.fromhex(wrapped_hex)
        return AESGCM(_kek(password, salt)).decrypt(blob[:12], blob[12:], label.encode("utf-8"))
    except (ValueError, InvalidTag):
        return None


def subkey(secret: bytes, purpose: str) -> bytes:
    """A key for one purpose, so the chain key and the group-key wrapping never share a key."""
    return hmac.new(secret, purpose.encode("utf-8"), hashlib.sha256).digest()


def encrypt(key: bytes, plaintext: str, label: str) -> str:
    nonce = secrets.token_bytes(12)
    return (nonce + AESGCM(key).encrypt(nonce, plaintext.encode("utf-8"), label.encode("utf-8"))).hex()


def decrypt(key: bytes, blob_hex: str, label: str) -> str | None:
    try:
        blob = bytes.fromhex(blob_hex)
        return AESGCM(key).decrypt(blob[:12], blob[12:], label.encode("utf-8")).decode("utf-8")
    except (ValueError, InvalidTag):
        return None


_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: it is copied by hand from paper


def new_recovery_code() -> str:
    """Five groups of five characters (125 bits): printed once, kept in the office safe with a backup."""
    chars = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(25))
    return "-".join(chars[i : i + 5] for i in range(0, 25, 5))


def normalize_recovery_code(code: str) -> str:
    chars = "".join(ch for ch in code.upper() if ch.isalnum())
    return "-".join(chars[i : i + 5] for i in range(0, len(chars), 5))
