"""Money as it is in the agreement's finances: a total without a split per party, yearly recurring
amounts, and co-financing by observers and others who are not parties (issue "nothing invented")."""

import pytest

from agreements.drafting import build_agreement
from checklist.rules import checklist_status
from collaborations.models import PartyRole
from tests.factories import BudgetLineFactory, ModelChoiceFactory, PartyFactory


def agreement_of(collaboration):
    return build_agreement(collaboration, checklist=checklist_status(collaboration))


@pytest.fixture
def lead(collaboration):
    return collaboration.parties.get(role=PartyRole.LEAD)


def test_a_programme_total_without_a_split_per_party(collaboration):
    BudgetLineFactory(
        collaboration=collaboration, party=None, year=None, amount_sek=6_000_000, purpose="Programmet"
    )

    agreement = agreement_of(collaboration)

    line = agreement.budget_lines[0]
    assert (line.when, line.party, line.amount) == ("hela perioden", "", "6\xa0000\xa0000 kr")
    assert agreement.budget_by_party == [("Inte fördelat per part", "6\xa0000\xa0000 kr")]
    assert agreement.budget_total == "6\xa0000\xa0000 kr"
    assert not [gap for gap in agreement.gaps if gap.section == "finances"]


def test_a_yearly_amount_is_not_added_to_the_amounts_given_once(collaboration, lead):
    BudgetLineFactory(collaboration=collaboration, party=lead, year=2027, amount_sek=100_000)
    BudgetLineFactory(collaboration=collaboration, party=lead, year=2027, per_year=True, amount_sek=400_000)

    agreement = agreement_of(collaboration)

    assert [line.when for line in agreement.budget_lines] == ["2027", "varje år från 2027"]
    assert agreement.budget_lines[1].amount == "400\xa0000 kr per år"
    assert agreement.budget_total == "100\xa0000 kr"
    assert agreement.budget_total_per_year == "400\xa0000 kr"
    assert agreement.budget_by_party == [(lead.organisation.name, "100\xa0000 kr + 400\xa0000 kr per år")]


def test_an_observers_contribution_is_co_financing(collaboration):
    observer = PartyFactory(
        collaboration=collaboration, role=PartyRole.OBSERVER, money_sek=50_000, staff_hours=20, premises=""
    )

    agreement = agreement_of(collaboration)

    assert [(c.name, c.contribution) for c in agreement.co_financing] == [
        (observer.organisation.name, "50\xa0000 kr per år; 20 timmar personaltid per år")
    ]
    assert observer.organisation.name not in [p.name for p in agreement.parties]


def test_an_observer_without_a_contribution_is_no_co_financier(collaboration):
    PartyFactory(collaboration=collaboration, role=PartyRole.OBSERVER)

    assert agreement_of(collaboration).co_financing == []


def test_a_funder_who_is_not_a_party_is_co_financing_and_not_a_partys_amount(collaboration):
    BudgetLineFactory(collaboration=collaboration, party=None, funder="Arvsfonden", amount_sek=300_000)

    agreement = agreement_of(collaboration)

    assert [(c.name, c.contribution) for c in agreement.co_financing] == [("Arvsfonden", "300\xa0000 kr")]
    assert agreement.budget_by_party == []
    assert agreement.budget_total == ""


def test_a_bid_does_not_say_that_each_party_bears_its_own_costs(collaboration):
    ModelChoiceFactory(collaboration=collaboration, model="bid", details={"fee_model": "Per kvadratmeter."})

    clauses = agreement_of(collaboration).finances_clauses

    assert not [c for c in clauses if "egna kostnader" in c]
    assert clauses == [
        "Fastighetsägarna finansierar BID-samverkans åtgärder gemensamt, med avgifter enligt avgiftsmodellen "
        "i avsnittet om samverkansform."
    ]


def test_without_a_budget_no_clause_refers_to_one(collaboration):
    ModelChoiceFactory(collaboration=collaboration, model="est")

    assert agreement_of(collaboration).finances_clauses == [
        "Varje part står för sina egna kostnader för sina åtaganden."
    ]
