"""Field-level encryption for the most sensitive values a service stores (TOTP secrets, SSNs), and
keyed hashes that let a service match such a value without storing it in clear.

Values are sealed with AES-256-GCM (the `cryptography` package) under a key derived from
`HMIS_FIELD_KEY` (urlsafe base64 of 32 bytes: `python -c "from cryptography.fernet import Fernet;
print(Fernet.generate_key().decode())"`), as `v2:` + base64(nonce + ciphertext). Tokens written before
(Fernet, AES-128-CBC with HMAC-SHA256, under the same key) still decrypt. AES-GCM replaced Fernet
because a CSV import seals an SSN per client and Fernet cost 18 µs a value against 1.5 µs (see
docs/benchmarks.md).

`HMIS_FIELD_KEY` may list several keys, comma-separated: the first seals, every one unseals, so a key is
rotated by listing the new one first, re-sealing (`hmis keys rotate-field-key`), then dropping the old.
Keyed hashes (SSN matching, the audit trail's signed heads) are under `HMIS_HASH_KEY`, by default the
first field key: pin it to the old key before a rotation so hashes stay valid (docs/security.md).
When no key is set, a fixed public development key is used with a warning: only where HMIS_ENV is
development (the default for `make run` and tests); anywhere else the platform refuses to start
(`required_keys_missing`).
"""
from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import logging
import os

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet, MultiFernet
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from hmis_kit import config

DEVELOPMENT_KEY = b"aGFyYm9yLWhtaXMtZGV2ZWxvcG1lbnQta2V5LTAwMDA="  # 32 bytes; public, for development only
SEALED = "v2:"
NONCE_BYTES = 12
ENCRYPTION_PURPOSE = b"hmis field encryption aes-256-gcm"
# Secrets whose absence falls back to a public development default: outside development each must be set.
REQUIRED_OUTSIDE_DEVELOPMENT = {
    "HMIS_FIELD_KEY": "seals SSNs and TOTP secrets (docs/security.md, Keys)",
    "AMQP_URI": "its default carries RabbitMQ's public guest:guest credentials",
}
log = logging.getLogger(__name__)


class InvalidToken(Exception):
    """A sealed value that no listed key opens."""


def required_keys_missing(settings: config.Settings) -> list[str]:
    """The secrets this installation must set but has not: none in development, where public defaults do."""
    if settings.development:
        return []
    return [f"{name} is not set ({why})" for name, why in REQUIRED_OUTSIDE_DEVELOPMENT.items()
            if not os.environ.get(name, "").strip()]


def refusal(settings: config.Settings) -> str | None:
    """The one line a process outside development starts with instead, when secrets are missing."""
    missing = required_keys_missing(settings)
    if not missing:
        return None
    return f"refusing to start with HMIS_ENV={settings.environment}: " + "; ".join(missing)


def load_keys() -> None:
    """Read the keys now, so a missing key's warning comes first and not in the middle of a command's output."""
    _keys()


@functools.cache
def _keys() -> tuple[bytes, ...]:
    """The field keys, the sealing one first."""
    keys = tuple(key.strip().encode() for key in os.environ.get("HMIS_FIELD_KEY", "").split(",") if key.strip())
    if not keys:
        log.warning("HMIS_FIELD_KEY is not set: using the public development key")
        return (DEVELOPMENT_KEY,)
    return keys


@functools.cache
def _hash_key() -> bytes:
    key = os.environ.get("HMIS_HASH_KEY", "").strip()
    return key.encode() if key else _keys()[0]


def _derived(key: bytes, purpose: bytes) -> bytes:
    """A key of its own for each use of a key, so no two uses ever share one."""
    return hmac.digest(key, purpose, hashlib.sha256)


@functools.cache
def _aeads() -> tuple[AESGCM, ...]:
    return tuple(AESGCM(_derived(key, ENCRYPTION_PURPOSE)) for key in _keys())


@functools.cache
def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in _keys()])


@functools.cache
def _purpose_hasher(purpose: bytes) -> hmac.HMAC:
    """An HMAC keyed for one purpose, copied for each value: keying one for every value (hmac.digest) costs
    OpenSSL 3 a lookup of the digest each time, twice the hash itself (an import hashes 200k SSNs)."""
    return hmac.new(_derived(_hash_key(), purpose), digestmod=hashlib.sha256)


def encrypt(plaintext: str) -> str:
    nonce = os.urandom(NONCE_BYTES)
    sealed = nonce + _aeads()[0].encrypt(nonce, plaintext.encode(), None)
    return SEALED + base64.urlsafe_b64encode(sealed).decode()


def decrypt(token: str) -> str:
    return _unseal(token, _aeads())


def sealed_under_current_key(token: str) -> bool:
    """Whether the sealing key (the first listed) opens `token`: a rotation leaves such values alone."""
    if not token.startswith(SEALED):
        return False  # a Fernet token of before AES-GCM: re-sealed on rotation, under AES-GCM
    try:
        _unseal(token, _aeads()[:1])
    except InvalidToken:
        return False
    return True


def _unseal(token: str, aeads: tuple[AESGCM, ...]) -> str:
    if not token.startswith(SEALED):
        return _fernet().decrypt(token.encode()).decode()
    sealed = base64.urlsafe_b64decode(token[len(SEALED):])
    for aead in aeads:
        try:
            return aead.decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], None).decode()
        except InvalidTag:
            continue
    raise InvalidToken("no key in HMIS_FIELD_KEY opens this value")


def keyed_hash(value: str, purpose: bytes) -> str:
    """HMAC-SHA256 under a key derived from HMIS_HASH_KEY (by default the first field key) for one purpose: a
    stolen database alone cannot be brute-forced over a small space such as SSNs."""
    hasher = _purpose_hasher(purpose).copy()
    hasher.update(value.encode())
    return hasher.hexdigest()


def forget_keys() -> None:
    """Read the keys from the environment again (after a test or a rotation changed it)."""
    for cached in (_keys, _hash_key, _aeads, _fernet, _purpose_hasher):
        cached.cache_clear()
