"""Personally identifying fields: the SSN encrypted at rest (hmis_kit.crypto, key `HMIS_FIELD_KEY`),
keyed hashes that match an SSN without it, and the name and SSN codes of HUD's hashed export."""
from __future__ import annotations

import hashlib

from hmis_kit import crypto
from hud.fy2026.rules import valid_ssn

SSN_MATCHING = b"hmis ssn matching"


def encrypt_ssn(ssn: str) -> str:
    return crypto.encrypt(ssn)


def decrypt_ssn(token: str) -> str:
    return crypto.decrypt(token)


def ssn_match_hash(value: str) -> str:
    return crypto.keyed_hash(value, SSN_MATCHING)


def ssn_forms(ssn: str | None,
              last_four_hashes: dict[str, str] | None = None) -> tuple[str | None, str | None, str | None]:
    """How an SSN is stored (`hud.fy2026.tables.SSN_COLUMNS`): ciphertext, keyed hash of the whole number (only a
    valid one: matching on 000000000 would link strangers), keyed hash of the last four digits. `last_four_hashes`
    keeps the hashes of the last four digits made so far, for a caller sealing many SSNs: an import makes each of
    at most 10,000 once (100k clients: 0.3 s less)."""
    if ssn is None:
        return None, None, None
    hashes = {} if last_four_hashes is None else last_four_hashes
    if (last_four := ssn[-4:]) not in hashes:
        hashes[last_four] = ssn_match_hash(last_four)
    return encrypt_ssn(ssn), ssn_match_hash(ssn) if valid_ssn(ssn) else None, hashes[last_four]


def soundex(name: str) -> str:
    """American Soundex, the name code HUD hashes in a SHA-256 export."""
    letters = [c for c in name.upper() if "A" <= c <= "Z"]
    if not letters:
        return ""
    codes = {**dict.fromkeys("BFPV", "1"), **dict.fromkeys("CGJKQSXZ", "2"), **dict.fromkeys("DT", "3"),
             "L": "4", **dict.fromkeys("MN", "5"), "R": "6"}
    result, previous = letters[0], codes.get(letters[0], "")
    for letter in letters[1:]:
        code = codes.get(letter, "")
        if code and code != previous:
            result += code
        if letter not in "HW":  # H and W do not separate letters with the same code
            previous = code
    return (result + "000")[:4]


def sha256_hex(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()
