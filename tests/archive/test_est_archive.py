"""EST's rhythm and its reporters leave with the archive and come back whole."""

from agreements.drafting import build_agreement
from archive.export import export_collaboration
from archive.importing import import_archive
from checklist.est_models import EstArrangement, EstReporter
from checklist.rules import checklist_status
from tests.agreements.arrange import complete


def test_an_est_rhythm_and_its_reporters_come_back(collaboration, alice):
    complete(collaboration, alice, model="est")

    imported = import_archive(data=export_collaboration(collaboration=collaboration)).collaboration

    arrangement = EstArrangement.objects.get(collaboration=imported)
    assert (arrangement.weekly_day, str(arrangement.weekly_time)) == ("tuesday", "09:00:00")
    assert arrangement.police_area == "Lokalpolisområde Åsby"
    reporters = EstReporter.objects.filter(collaboration=imported).select_related("party__organisation")
    assert sorted((r.party.organisation.name, tuple(r.categories)) for r in reporters) == [
        ("Norrbacka IF", ("vandalism", "lighting")),
        ("Åsby kommun", ("vandalism", "lighting")),
        ("Åsbyhem AB", ("vandalism", "lighting")),
    ]
    agreement = build_agreement(imported, checklist=checklist_status(imported))
    assert (
        agreement.is_final
        and agreement.est == build_agreement(collaboration, checklist=checklist_status(collaboration)).est
    )
