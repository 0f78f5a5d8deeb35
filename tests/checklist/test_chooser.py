"""The model chooser's rules as a table: each model with its needs met, and with each need missing."""

from types import SimpleNamespace

import pytest

from checklist.chooser import Aim, MoneyFlow, evaluate_models
from collaborations.models import SECTOR_BY_KIND, OrganisationKind, Sector


def party(kind, role="partner"):
    organisation = SimpleNamespace(name=str(kind), kind=kind, sector=SECTOR_BY_KIND[kind])
    return SimpleNamespace(organisation=organisation, role=role)


HOUSING = OrganisationKind.HOUSING_COMPANY
OWNER = OrganisationKind.PROPERTY_OWNER
MUNICIPALITY = OrganisationKind.MUNICIPALITY
POLICE = OrganisationKind.POLICE
NONPROFIT = OrganisationKind.NONPROFIT

BID_ANSWERS = {"boundary": "yes", "money_flow": MoneyFlow.OWNERS_FINANCE}

CASES = [
    # model, party kinds, answers, met?, the need that is missing
    ("iop", [HOUSING, NONPROFIT], {}, True, None),
    ("iop", [HOUSING, OWNER], {}, False, "At least one non-profit party"),
    ("iop", [NONPROFIT, OWNER], {}, False, "At least one public party"),
    ("est", [HOUSING, MUNICIPALITY, POLICE], {}, True, None),
    ("est", [HOUSING, POLICE], {}, False, "The municipality takes part"),
    ("est", [HOUSING, MUNICIPALITY], {}, False, "The police take part"),
    ("est", [MUNICIPALITY, POLICE, NONPROFIT], {}, False, "At least one property owner takes part"),
    ("bid", [HOUSING, OWNER], BID_ANSWERS, True, None),
    ("bid", [HOUSING, MUNICIPALITY], BID_ANSWERS, False, "At least two property owners"),
    ("bid", [HOUSING, OWNER], {**BID_ANSWERS, "boundary": "no"}, False, "A geographic boundary for the area"),
    (
        "bid",
        [HOUSING, OWNER],
        {**BID_ANSWERS, "money_flow": MoneyFlow.OWN_RESOURCES},
        False,
        "A financing model: a fee per property or area",
    ),
]


@pytest.mark.parametrize(("model", "kinds", "answers", "met", "missing"), CASES)
def test_needs(model, kinds, answers, met, missing):
    with with_english():
        evaluation = evaluate_models([party(k) for k in kinds], answers)[model]
        assert evaluation.needs_met is met
        assert [str(n.label) for n in evaluation.missing] == ([missing] if missing else [])


def with_english():
    from django.utils import translation

    return translation.override("en")


def test_every_model_lists_its_guardrails():
    evaluations = evaluate_models([], {})
    assert all(len(e.guardrails) == 3 for e in evaluations.values())


def test_recommendation_follows_the_answers():
    parties = [party(k) for k in (HOUSING, OWNER, MUNICIPALITY, POLICE, NONPROFIT)]
    picture = evaluate_models(parties, {"situation_picture": "yes", "aims": [Aim.SAFETY]})
    assert [m for m, e in picture.items() if e.recommended] == ["est"]
    money = evaluate_models(parties, {"money_flow": MoneyFlow.PUBLIC_TO_NONPROFIT, "aims": [Aim.YOUTH]})
    assert [m for m, e in money.items() if e.recommended] == ["iop"]


def test_recommendation_changes_when_a_party_is_removed():
    parties = [party(k) for k in (HOUSING, MUNICIPALITY, POLICE)]
    answers = {"situation_picture": "yes"}
    assert evaluate_models(parties, answers)["est"].recommended
    without_police = evaluate_models(parties[:2], answers)
    assert not without_police["est"].recommended
    assert not without_police["est"].needs_met


def test_nothing_recommended_when_no_model_fits():
    evaluations = evaluate_models([party(OWNER)], {})
    assert not any(e.recommended for e in evaluations.values())


def test_unfit_model_says_what_is_missing_in_swedish():
    evaluation = evaluate_models([party(HOUSING)], {})["est"]
    assert str(evaluation.reasons[0]) == "Passar inte ännu. Ej uppfyllt: Kommunen är med; Polisen är med."


def test_sector_of_a_nonprofit_is_nonprofit():
    assert party(NONPROFIT).organisation.sector == Sector.NONPROFIT


def test_an_observer_is_not_counted_as_taking_part():
    parties = [party(HOUSING), party(MUNICIPALITY), party(POLICE, role="observer")]
    with with_english():
        evaluation = evaluate_models(parties, {})["est"]
        assert [str(n.label) for n in evaluation.missing] == ["The police take part"]
