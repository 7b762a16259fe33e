"""Field-level encryption for the most sensitive values a service stores (TOTP secrets, SSNs), and
keyed hashes that let a service match such a value without storing it in clear.

Values are sealed with AES-256-GCM (the `cryptography` package) under a key derived from
`HMIS_FIELD_KEY` (urlsafe base64 of 32 bytes: `python -c "from cryptography.fernet import Fernet;
print(Fernet.generate_key().decode())"`), as `v2:` + base64(nonce + ciphertext). Tokens written before
(Fernet, AES-128-CBC with HMAC-SHA256, under the same key) still decrypt. AES-GCM replaced Fernet
because a CSV import seals an SSN per client and Fernet cost 18 µs a value against 1.5 µs (see
docs/benchmarks.md). When the key is unset, a fixed development key is used and a warning is logged
once: fine for `make run` and tests, never for real data.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import logging
import os

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

DEVELOPMENT_KEY = b"aGFyYm9yLWhtaXMtZGV2ZWxvcG1lbnQta2V5LTAwMDA="  # 32 bytes; public, for development only
SEALED = "v2:"
NONCE_BYTES = 12
log = logging.getLogger(__name__)


@functools.cache
def _key() -> bytes:
    key = os.environ.get("HMIS_FIELD_KEY", "").strip()
    if not key:
        log.warning("HMIS_FIELD_KEY is not set: using the public development key")
        return DEVELOPMENT_KEY
    return key.encode()


@functools.cache
def _purpose_key(purpose: bytes) -> bytes:
    """A key of its own for each use of the field key, so no two uses ever share one."""
    return hmac.digest(_key(), purpose, hashlib.sha256)


@functools.cache
def _aead() -> AESGCM:
    return AESGCM(_purpose_key(b"hmis field encryption aes-256-gcm"))


@functools.cache
def _fernet() -> Fernet:
    return Fernet(_key())


def encrypt(plaintext: str) -> str:
    nonce = os.urandom(NONCE_BYTES)
    sealed = nonce + _aead().encrypt(nonce, plaintext.encode(), None)
    return SEALED + base64.urlsafe_b64encode(sealed).decode()


def decrypt(token: str) -> str:
    if not token.startswith(SEALED):
        return _fernet().decrypt(token.encode()).decode()
    sealed = base64.urlsafe_b64decode(token[len(SEALED):])
    return _aead().decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], None).decode()


def keyed_hash(value: str, purpose: bytes) -> str:
    """HMAC-SHA256 under a key derived from the field key for one purpose: a stolen database alone
    cannot be brute-forced over a small space such as SSNs."""
    return hmac.digest(_purpose_key(purpose), value.encode(), hashlib.sha256).hex()
