"""A BID's agreement: the association as the contracting party, the fee model, the register with each
member's yearly fee and the total, and Ekonomi's fee-financed budget (issue 14)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.drafting import build_agreement
from agreements.rendering import render_content
from checklist.bid_models import BidAssociation, FeeKind
from checklist.rules import checklist_status
from samverkan.unknowns import DatePrecision, UnknownReason
from tests.agreements.arrange import complete
from tests.factories import (
    BidAssociationFactory,
    BidMemberFactory,
    FeeCategoryFactory,
    ModelChoiceFactory,
    PartyFactory,
)


def agreement_of(collaboration):
    return build_agreement(collaboration, checklist=checklist_status(collaboration))


def text_of(agreement) -> str:
    return " ".join(render_content(agreement, web=False).replace("\xa0", " ").split())


def section(text, key) -> str:
    """The text of one section of the rendered agreement."""
    start = text.index(f'id="section-{key}"')
    end = text.find('<section class="agreement-section', start)
    return text[start : end if end != -1 else None]


def bid_gaps(agreement):
    return [g.what for g in agreement.gaps if g.step.url.endswith("/modell/bid/")]


def arrange_register(collaboration, *, living_area=4000):
    """A membership fee, three categories (per m² of living area, flat, negotiated) and four properties,
    one of whose owners has not joined."""
    BidAssociationFactory(
        collaboration=collaboration,
        name="Norrbacka centrumförening",
        org_number_unknown=UnknownReason.DOES_NOT_EXIST,
        statutes_adopted_on=datetime.date(2019, 5, 1),
        statutes_adopted_precision=DatePrecision.MONTH,
        seat="Åsby",
        purpose="Ett tryggt och trivsamt Norrbacka.",
        annual_meeting="Före maj månads utgång.",
        board="Ordförande: Eva Holm",
        membership_fee_sek=500,
    )
    housing = FeeCategoryFactory(
        collaboration=collaboration, name="Bostadsbolag", kind=FeeKind.PER_M2_LIVING, amount_sek=Decimal(2)
    )
    cooperatives = FeeCategoryFactory(
        collaboration=collaboration, name="Bostadsrättsföreningar", amount_sek=8000
    )
    shops = FeeCategoryFactory(
        collaboration=collaboration, name="Butiker", kind=FeeKind.NEGOTIATED, amount_sek=None
    )
    BidMemberFactory(
        collaboration=collaboration,
        property_designation="Norrbacka 1:1",
        category=housing,
        living_area_m2=living_area,
    )
    BidMemberFactory(collaboration=collaboration, property_designation="Norrbacka 1:2", category=cooperatives)
    BidMemberFactory(
        collaboration=collaboration,
        property_designation="Norrbacka 1:3",
        category=shops,
        negotiated_fee_sek=12000,
    )
    BidMemberFactory(
        collaboration=collaboration,
        property_designation="Norrbacka 1:4",
        category=cooperatives,
        has_joined=False,
    )


@pytest.fixture
def bid(collaboration, alice):
    complete(collaboration, alice, model="bid")
    return collaboration


def test_the_register_computes_the_yearly_fees_and_ekonomi_shows_their_total(bid):
    arrange_register(bid)

    text = text_of(agreement_of(bid))

    model = section(text, "model")
    assert "<td>Norrbacka 1:1</td>" in model
    assert "8 500 kr</td>" in model  # 500 + 2 kr × 4 000 m², and 500 + 8 000 flat
    assert "12 500 kr</td>" in model  # 500 + the negotiated 12 000
    assert 'Summa av medlemmarnas årsavgifter</th><td class="number">29 500 kr' in model
    finances = section(text, "finances")
    assert "Budgeten som finansieras av medlemmarnas avgifter" in finances
    assert "29 500 kr per år från 3 medlemmar" in finances


def test_the_association_is_the_contracting_party_with_its_statutes_basics(bid):
    arrange_register(bid)

    model = section(text_of(agreement_of(bid)), "model")

    assert "BID:en drivs av föreningen Norrbacka centrumförening, som är part i detta avtal." in model
    assert "<dt>Org.nr</dt><dd>saknar organisationsnummer</dd>" in model
    assert "<dt>Stadgar antagna</dt><dd>maj 2019</dd>" in model
    for basic in ["<dt>Säte</dt><dd>Åsby</dd>", "Före maj månads utgång.", "Ordförande: Eva Holm"]:
        assert basic in model


def test_the_fee_model_names_each_category_and_its_amount(bid):
    arrange_register(bid)

    model = section(text_of(agreement_of(bid)), "model")

    assert "medlemsavgift på 500 kr per år" in model
    assert '<td>Bostadsbolag</td><td>Per m² boarea</td><td class="number">2 kr per m² och år</td>' in model
    assert '<td>Butiker</td><td>Förhandlad per medlem</td><td class="number">–</td>' in model


def test_the_boundary_lists_every_property_and_the_owner_who_has_not_joined(bid):
    arrange_register(bid)

    model = section(text_of(agreement_of(bid)), "model")

    assert "<td>Norrbacka 1:4</td>" in model
    assert "Nej, har inte anslutit sig" in model


def test_a_complete_bid_with_its_register_is_a_final_draft(bid):
    arrange_register(bid)

    agreement = agreement_of(bid)

    assert bid_gaps(agreement) == []
    assert agreement.is_final


# A property owners' association board looks for its statutes' basics: name, seat, purpose, fees,
# annual meeting, board. Each is in the agreement, or a gap when it is not recorded.
BASICS = [
    (
        "name",
        "",
        "drivs av föreningen Norrbacka centrumförening",
        "Namnet på föreningen som driver BID:en saknas.",
    ),
    ("seat", "", "<dt>Säte</dt><dd>Åsby</dd>", "säte"),
    ("purpose", "", '<dt>Ändamål</dt><dd class="prewrap">Ett tryggt', "syfte"),
    ("membership_fee_sek", None, "medlemsavgift på 500 kr per år", "medlemsavgiften är inte beslutad"),
    ("annual_meeting", "", '<dt>Årsmöte</dt><dd class="prewrap">Före maj', "årsmöte"),
    ("board", "", '<dt>Styrelse</dt><dd class="prewrap">Ordförande: Eva Holm', "styrelse"),
]


@pytest.mark.parametrize(("field", "empty", "printed", "gap"), BASICS, ids=[b[0] for b in BASICS])
def test_each_of_the_statutes_basics_is_printed_or_a_gap(bid, field, empty, printed, gap):
    arrange_register(bid)
    agreement = agreement_of(bid)
    assert printed in section(text_of(agreement), "model")
    assert not [what for what in bid_gaps(agreement) if gap in what]

    BidAssociation.objects.filter(collaboration=bid).update(**{field: empty})

    agreement = agreement_of(bid)
    assert printed not in section(text_of(agreement), "model")
    assert [what for what in bid_gaps(agreement) if gap in what]


def test_an_unknown_area_gives_an_unknown_fee_and_a_gap_never_zero(bid):
    arrange_register(bid, living_area=None)

    agreement = agreement_of(bid)
    text = text_of(agreement)

    assert "Årsavgiften för Norrbacka 1:1 är inte känd: boarean är inte känd." in bid_gaps(agreement)
    assert "<strong>inte känd</strong> (boarean är inte känd)" in section(text, "model")
    model = section(text, "model")
    row = model[model.index("<td>Norrbacka 1:1</td>") :]
    assert " kr" not in row[: row.index("</tr>")]
    assert "21 000 kr per år från 3 medlemmar. Därtill är 1 medlems avgift inte känd än." in section(
        text, "finances"
    )
    assert not agreement.is_final


def test_what_is_missing_is_a_gap_linked_to_the_bid_page(bid):
    agreement = agreement_of(bid)

    assert bid_gaps(agreement) == [
        "Namnet på föreningen som driver BID:en saknas.",
        "Grunderna i föreningens stadgar är inte registrerade: "
        "stadgar antagna, säte, syfte, årsmöte, styrelse.",
        "Avgiftsmodellen saknas: medlemsavgiften är inte beslutad.",
        "Avgiftsmodellen saknas: ingen kategori för serviceavgift är angiven.",
        "Fastighetsregistret är tomt.",
    ]
    gap = next(g for g in agreement.gaps if g.what == "Fastighetsregistret är tomt.")
    assert (gap.section, gap.step.key) == ("model", "model")
    assert gap.step.url == reverse("bid_detail", args=[bid.pk])
    assert "Fastighetsregistret är tomt, så avgifternas budget kan inte beräknas än." in text_of(agreement)


def test_an_organisation_number_not_known_is_a_gap_and_a_number_is_printed(bid):
    association = BidAssociationFactory(collaboration=bid, org_number="", org_number_unknown="")

    assert "Föreningens organisationsnummer är inte registrerat." in bid_gaps(agreement_of(bid))

    association.org_number = "556000-0001"
    association.save()
    agreement = agreement_of(bid)
    assert "Föreningens organisationsnummer är inte registrerat." not in bid_gaps(agreement)
    assert "<dt>Org.nr</dt><dd>556000-0001</dd>" in section(text_of(agreement), "model")


def test_another_form_has_no_bid_section(collaboration, alice):
    complete(collaboration, alice, model="est")
    arrange_register(collaboration)

    agreement = agreement_of(collaboration)

    assert agreement.bid is None
    assert "Fastighetsregister" not in text_of(agreement)


def test_a_fixed_number_of_queries_whatever_the_size_of_the_register(collaboration):
    ModelChoiceFactory(collaboration=collaboration, model="bid")
    BidAssociationFactory(collaboration=collaboration)
    checklist = checklist_status(collaboration)

    def grow(n):
        for _ in range(n):
            BidMemberFactory(
                collaboration=collaboration, owner_party=PartyFactory(collaboration=collaboration)
            )

    grow(2)
    with CaptureQueriesContext(connection) as small:
        build_agreement(collaboration, checklist=checklist)
    grow(20)
    with CaptureQueriesContext(connection) as large:
        build_agreement(collaboration, checklist=checklist)
    assert len(small) == len(large)
