"""Issue 14: the agreement's sections per form of collaboration beside the public structures real
agreements follow — the IOP rules municipalities adopt (Borås; Uddevalla adds parties and organisation,
changes and additions), Brå's six points for an EST collaboration agreement, and the basics a BID
association's statutes have. Each point is covered by a named heading or label of the agreement's text,
or it is a visible gap in the table below (GAPS), until the agreement covers it.

Run with -s to see the table: `pytest -s tests/agreements/test_public_structures.py`."""

import re

import pytest

from agreements.drafting import build_agreement
from agreements.rendering import render_preview
from checklist.rules import checklist_status
from tests.agreements.arrange import complete
from tests.factories import BidAssociationFactory

# (form, the public structure's point, the headings or labels of the agreement that cover it; () = gap)
STRUCTURES = [
    ("iop", "Bakgrund", ["Bakgrund"]),
    ("iop", "Värdegrund", ["Värdegrunden som partnerskapet vilar på"]),
    ("iop", "Den idéburna partens eget initiativ, inget köp", ["Den ideella organisationens eget initiativ"]),
    ("iop", "Insatser och åtaganden", ["Parternas åtaganden och bidrag", "Roll och ansvar"]),
    ("iop", "Mål", ["Syfte och mål"]),
    ("iop", "Uppföljning", ["Uppföljning och utvärdering"]),
    ("iop", "Ekonomi", ["Ekonomi"]),
    ("iop", "Avtalstid", ["Avtalstid, ändringar, uppsägning och tvister"]),
    ("iop", "Omförhandling, uppsägning och tvist", ["Omprövning", "Utträde och uppsägning", "Tvister"]),
    ("iop", "Parter och organisation med ansvarsfördelning", ["Parter", "Organisation och möten"]),
    ("iop", "Ändringar och tillägg", ["Ändringar"]),
    ("est", "Problem i fokus", ["Bakgrund", "Problemen i fokus."]),
    ("est", "Troliga orsaker", ["Problemens troliga orsaker."]),
    ("est", "Avgränsade och mätbara mål", ["Syfte och mål", "Avgränsade och mätbara mål."]),
    ("est", "Dokumentation", ["Hur arbetet dokumenteras."]),
    ("est", "Uppföljning", ["Uppföljning och utvärdering", "Årlig uppföljning"]),
    ("est", "Period", ["Avtalstid, ändringar, uppsägning och tvister", "Tidsperiod."]),
    ("bid", "Namn", ["Föreningen"]),
    ("bid", "Säte", ["Säte"]),
    ("bid", "Ändamål", ["Ändamål"]),
    ("bid", "Avgifter", ["Avgiftsmodell"]),
    ("bid", "Årsmöte", ["Årsmöte"]),
    ("bid", "Styrelse", ["Styrelse"]),
]

# The points no heading of the agreement covers yet: visible here, and to be removed once covered.
GAPS = set()

LABELS = re.compile(r"<(h[2-4]|dt|strong|caption)[^>]*>(.*?)</\1>", re.S)


def labels_of(html: str) -> set[str]:
    """The agreement's headings (without their numbers) and the labels of its definitions and points."""
    found = set()
    for _tag, inner in LABELS.findall(html):
        text = " ".join(re.sub(r"<[^>]+>", " ", inner).split())
        found.add(re.sub(r"^\d+\. ", "", text))
    return found


@pytest.fixture
def agreement_labels(collaboration, alice):
    def labels(model):
        complete(collaboration, alice, model=model)
        if model == "bid":
            BidAssociationFactory(
                collaboration=collaboration,
                seat="Åsby",
                purpose="Att göra området tryggt och trivsamt.",
                annual_meeting="Årsmöte varje vår.",
                board="Fem ledamöter.",
            )
        collaboration.touch()
        html = render_preview(build_agreement(collaboration, checklist=checklist_status(collaboration)))
        return labels_of(html)

    return labels


@pytest.mark.parametrize("model", ["iop", "est", "bid"])
def test_each_point_of_the_public_structure_is_covered_or_a_visible_gap(agreement_labels, model):
    labels = agreement_labels(model)
    rows = [(point, cover) for form, point, cover in STRUCTURES if form == model]

    table = [f"{model.upper():4} {'Offentlig struktur':48} Avtalets rubrik"]
    gaps = set()
    for point, cover in rows:
        missing = [label for label in cover if label not in labels]
        assert not missing, f"{model}: {point} is to be covered by {missing}, which the agreement lacks"
        if not cover:
            gaps.add((model, point))
        table.append(f"     {point:48} {' / '.join(cover) or 'SAKNAS (lucka)'}")
    print("\n".join(table))

    assert gaps == {gap for gap in GAPS if gap[0] == model}
