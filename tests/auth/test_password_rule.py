"""The password rule after NIST SP 800-63B (issue 18, finding 7): length, no composition rules,
and a check against common, expected or breached-style passwords."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from eurasia.auth.passwords import MAX_PASSWORD_LENGTH, check_password
from eurasia.auth.roles import Role
from eurasia.auth.users import create_user, get_user, set_password
from eurasia.errors import DataError


@pytest.mark.parametrize(
    "password",
    [
        " " * 10,  # all whitespace
        "\t \u3000 \u00a0    ",  # Unicode spaces, NFKC-normalised first
        "1234567890",  # a sequence
        "0987654321",
        "password12",  # a common word with digits
        "Password123!",  # "complex" by composition rules, still common
        "qwertyuiop",  # a keyboard walk
        "aaaaaaaaaaaa",  # a repeat
        "iloveyou123",
        "p@ssw0rd2024",  # l33t substitution
        "Eurasia2026",  # the service's own name
    ],
)
def test_common_and_patterned_passwords_are_refused(password: str) -> None:
    with pytest.raises(DataError, match="password: "):
        check_password(password)


def test_the_username_and_display_name_count_as_guessable() -> None:
    with pytest.raises(DataError, match="too easy to guess"):
        check_password("amina.k2026", username="amina.k")
    with pytest.raises(DataError, match="too easy to guess"):
        check_password("nurlanovich1", username="nk", context=["Nurlanovich"])


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery",
        "all lower case words are fine",
        "Жылқы батарея дұрыс",  # any script
        "      spaces  around   a  phrase about kestrels   ",
        "x" * 5 + "kq8Zr!vW",  # no composition rule is needed, nor forbidden
    ],
)
def test_long_unguessable_passwords_pass_without_composition_rules(password: str) -> None:
    check_password(password)


def test_length_bounds() -> None:
    with pytest.raises(DataError, match="at least 10"):
        check_password("kq8Zr!vW")
    with pytest.raises(DataError, match=f"at most {MAX_PASSWORD_LENGTH}"):
        check_password("kq8Zr!vW " * 200)
    check_password("kq8Zr!vW yellow " * 60)  # 960 characters: allowed, and checked fast


def test_user_creation_and_reset_apply_the_rule(db: Session, people: dict[str, int]) -> None:
    with pytest.raises(DataError, match="too easy to guess"):
        create_user(db, username="newbie", password="1234567890", role=Role.VIEWER)
    with pytest.raises(DataError, match="too easy to guess"):
        set_password(db, get_user(db, people["eli"]), "password12")
