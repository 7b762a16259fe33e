"""Field-level encryption for the most sensitive values a service stores (TOTP secrets, SSNs), and
keyed hashes that let a service match such a value without storing it in clear.

Fernet (AES-128-CBC with HMAC-SHA256, from the `cryptography` package) under the key in
`HMIS_FIELD_KEY` (urlsafe base64 of 32 bytes: `python -c "from cryptography.fernet import Fernet;
print(Fernet.generate_key().decode())"`). When unset, a fixed development key is used and a warning is
logged once: fine for `make run` and tests, never for real data.
"""
from __future__ import annotations

import functools
import hashlib
import hmac
import logging
import os

from cryptography.fernet import Fernet

DEVELOPMENT_KEY = b"aGFyYm9yLWhtaXMtZGV2ZWxvcG1lbnQta2V5LTAwMDA="  # 32 bytes; public, for development only
log = logging.getLogger(__name__)


@functools.cache
def _key() -> bytes:
    key = os.environ.get("HMIS_FIELD_KEY", "").strip()
    if not key:
        log.warning("HMIS_FIELD_KEY is not set: using the public development key")
        return DEVELOPMENT_KEY
    return key.encode()


@functools.cache
def _cipher() -> Fernet:
    return Fernet(_key())


def encrypt(plaintext: str) -> str:
    return _cipher().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    return _cipher().decrypt(token.encode()).decode()


def keyed_hash(value: str, purpose: bytes) -> str:
    """HMAC-SHA256 under a key derived from the field key for one purpose: a stolen database alone
    cannot be brute-forced over a small space such as SSNs."""
    purpose_key = hmac.new(_key(), purpose, hashlib.sha256).digest()
    return hmac.new(purpose_key, value.encode(), hashlib.sha256).hexdigest()
