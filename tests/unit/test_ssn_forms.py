"""How an SSN is stored: its ciphertext and keyed hashes (clients.pii.ssn_forms), the same when the hashes of last
four digits already made are kept for the next SSN, as an import keeps them."""
from clients import pii


def test_the_last_four_digits_hashes_kept_give_what_each_ssn_alone_gives():
    kept: dict[str, str] = {}
    for ssn in ("123451111", "223451111", "000001111", "123452222"):
        ciphertext, whole, last_four = pii.ssn_forms(ssn, kept)
        alone = pii.ssn_forms(ssn)
        assert pii.decrypt_ssn(ciphertext) == ssn
        assert (whole, last_four) == alone[1:] == (pii.ssn_match_hash(ssn) if pii.valid_ssn(ssn) else None,
                                                   pii.ssn_match_hash(ssn[-4:]))
    assert kept == {"1111": pii.ssn_match_hash("1111"), "2222": pii.ssn_match_hash("2222")}


def test_no_ssn_has_no_forms_and_keeps_no_hash():
    kept: dict[str, str] = {}
    assert pii.ssn_forms(None, kept) == (None, None, None) and kept == {}
