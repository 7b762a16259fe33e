"""HUD's SHA-256 hashed export (HashStatus 4, HMIS CSV Format Specifications FY2026 v1.0, "SHA-256"): names
are the SHA-256 of their SOUNDEX; the SSN is its last four digits unhashed followed by the SHA-256 of the
full SSN, a partial one with a lower-case x for each missing digit."""
import hashlib

import pytest

from clients import pii
from clients.csv import exporter


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest().upper()


# American Soundex as the US National Archives codes it: letters of one code separated by H or W count once
# (Ashcraft A261, where PostgreSQL's fuzzystrmatch gives A226), a vowel or Y between them twice (Honeyman).
@pytest.mark.parametrize("name, code", [("Robert", "R163"), ("Rupert", "R163"), ("Rubin", "R150"),
                                        ("Ashcraft", "A261"), ("Tymczak", "T522"), ("Pfister", "P236"),
                                        ("Honeyman", "H555"), ("Lee", "L000"), ("Gutierrez", "G362"),
                                        ("o'brien", "O165"), ("123", "")])
def test_soundex_codes_names_as_american_soundex(name, code):
    assert pii.soundex(name) == code


def test_a_name_is_hashed_as_the_sha256_of_its_soundex():
    assert exporter.hashed_name("Robert") == exporter.hashed_name("Rupert") == sha256("R163")
    assert len(exporter.hashed_name("Robert")) == 64


def test_an_ssn_is_its_last_four_then_the_sha256_of_the_whole():
    assert exporter.hashed_ssn("287654321") == "4321" + sha256("287654321")
    assert len(exporter.hashed_ssn("287654321")) == 68


def test_a_partial_ssn_is_hashed_as_nine_characters_with_x_for_each_digit_missing():
    assert exporter.hashed_ssn("1234") == "1234" + sha256("xxxxx1234")
    assert exporter.hashed_ssn("12345x789") == "x789" + sha256("12345x789")
    assert exporter.hashed_ssn("12345X789") == "x789" + sha256("12345x789")
