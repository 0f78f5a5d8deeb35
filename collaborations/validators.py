import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_ORG_NUMBER = re.compile(r"^(\d{6})-?(\d{4})$")


def luhn_is_valid(digits: str) -> bool:
    """True when the last digit of `digits` is the Luhn check digit of the ones before it."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalise_org_number(value: str) -> str:
    """Return `value` as NNNNNN-NNNN, or raise ValidationError with a message for the user."""
    match = _ORG_NUMBER.match((value or "").strip().replace(" ", ""))
    if not match:
        raise ValidationError(
            _("The organisation number must have the form NNNNNN-NNNN (ten digits)."),
            code="org_number_format",
        )
    digits = match.group(1) + match.group(2)
    if not luhn_is_valid(digits):
        raise ValidationError(
            _("The organisation number is not valid (the check digit does not match)."),
            code="org_number_checksum",
        )
    return f"{match.group(1)}-{match.group(2)}"


def validate_org_number(value: str) -> None:
    normalise_org_number(value)
