"""A BID's association, fee categories and register leave with the archive and come back whole."""

from agreements.drafting import build_agreement
from archive.export import export_collaboration
from archive.importing import import_archive
from checklist.bid_models import BidMember, fee_register
from checklist.rules import checklist_status
from tests.agreements.arrange import complete
from tests.agreements.test_bid import arrange_register


def test_a_bids_register_comes_back_with_its_fees(collaboration, alice):
    complete(collaboration, alice, model="bid")
    arrange_register(collaboration)

    imported = import_archive(data=export_collaboration(collaboration=collaboration)).collaboration

    register = fee_register(imported)
    assert register.association.name == "Norrbacka centrumförening"
    assert [c.name for c in register.categories] == ["Bostadsbolag", "Bostadsrättsföreningar", "Butiker"]
    assert BidMember.objects.filter(collaboration=imported).count() == 4
    assert register.total == fee_register(collaboration).total
    assert build_agreement(imported, checklist=checklist_status(imported)).is_final
