"""Services name what they accept: no `**fields` that a form happens to define and the service sets on a
row, so that a field added to a form (or a stray keyword) cannot write a column the service never meant
to change."""

import inspect

import pytest

from checklist import bid_services
from checklist import est as est_services
from checklist import services as checklist_services
from collaborations import services as collaboration_services
from collaborations.models import Party
from tests.factories import OrganisationFactory, party_fields

SERVICE_MODULES = [collaboration_services, checklist_services, bid_services, est_services]


def _functions(module):
    return [
        pytest.param(function, id=f"{module.__name__}.{name}")
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__ and not name.startswith("_")
    ]


@pytest.mark.parametrize("function", [f for module in SERVICE_MODULES for f in _functions(module)])
def test_no_service_takes_arbitrary_keywords(function):
    kinds = {parameter.kind for parameter in inspect.signature(function).parameters.values()}
    assert inspect.Parameter.VAR_KEYWORD not in kinds


def test_a_stray_field_cannot_move_a_party_to_another_organisation(collaboration, partner_party, alice):
    other = OrganisationFactory()

    with pytest.raises(TypeError):
        collaboration_services.update_party(
            party=partner_party, edited_by=alice, **party_fields(partner_party), organisation=other
        )

    assert Party.objects.get(pk=partner_party.pk).organisation_id != other.pk
