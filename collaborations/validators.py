from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import luhn
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.se import orgnr


def luhn_is_valid(digits: str) -> bool:
    """True when the last digit of `digits` is the Luhn check digit of the ones before it."""
    return luhn.is_valid(digits)


def normalise_org_number(value: str) -> str:
    """Return `value` as NNNNNN-NNNN in ASCII digits, or raise ValidationError with a message for the user.

    python-stdnum reads what people type (spaces, any dash, full-width digits) and checks the number;
    what it returns is what the database's check constraint accepts.
    """
    try:
        return orgnr.format(orgnr.validate(value or ""))
    except InvalidChecksum:
        raise ValidationError(
            _("The organisation number is not valid (the check digit does not match)."),
            code="org_number_checksum",
        ) from None
    except StdnumError:
        raise ValidationError(
            _("The organisation number must have the form NNNNNN-NNNN (ten digits)."),
            code="org_number_format",
        ) from None


def validate_org_number(value: str) -> None:
    normalise_org_number(value)
