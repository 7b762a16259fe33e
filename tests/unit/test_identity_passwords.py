"""Password rules beyond length: common passwords and the username."""
import pytest

from identity.licensing import password_problems


@pytest.mark.parametrize("password", ["qwerty123456", "QWERTY123456", "Correct Horse Battery Staple", "password1234"])
def test_common_passwords_are_refused_whatever_the_case_or_spacing(password):
    assert password_problems(password, "someone") == ["is a commonly used password; choose another"]


def test_a_password_containing_the_username_is_refused():
    assert password_problems("my name is Maria.Lopez ok", "maria.lopez") == ["must not contain the username"]


def test_an_uncommon_password_passes():
    assert password_problems("tide pools at low noon", "maria.lopez") == []
