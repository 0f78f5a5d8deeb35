import pytest
from django.core.exceptions import ValidationError

from collaborations.validators import luhn_is_valid, normalise_org_number


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("556677-0011", "556677-0011"),
        ("5566770011", "556677-0011"),
        (" 212000-8889 ", "212000-8889"),
        ("802480 1238", "802480-1238"),
        ("556123-4567", "556123-4567"),
        # Typed with full-width digits or a typographic dash: stored in ASCII, as the database requires.
        ("５５６６７７-００１１", "556677-0011"),
        ("５５６６７７００１１", "556677-0011"),
        ("556677–0011", "556677-0011"),
        ("55667-70011", "556677-0011"),
    ],
)
def test_valid_numbers_are_normalised(given, expected):
    assert normalise_org_number(given) == expected


@pytest.mark.parametrize("given", ["556123-4568", "5561234560", "212000-8880"])
def test_wrong_check_digit_gives_swedish_message(given):
    with pytest.raises(ValidationError) as error:
        normalise_org_number(given)
    assert error.value.messages == ["Organisationsnumret är ogiltigt (kontrollsiffran stämmer inte)."]


@pytest.mark.parametrize(
    "given",
    ["", "556123-456", "abcdef-ghij", "556123+4567", "5561234567890", "٥٥٦٦٧٧-٠٠١١", "556677-0011\x00"],
)
def test_wrong_format_gives_swedish_message(given):
    with pytest.raises(ValidationError) as error:
        normalise_org_number(given)
    assert error.value.messages == ["Organisationsnumret ska ha formen NNNNNN-NNNN (tio siffror)."]


def test_luhn_accepts_known_number_and_rejects_each_changed_digit():
    assert luhn_is_valid("5566770011")
    for position in range(10):
        digits = list("5566770011")
        digits[position] = str((int(digits[position]) + 1) % 10)
        assert not luhn_is_valid("".join(digits))
