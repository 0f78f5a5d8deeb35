"""The clauses every agreement has, whatever its form: the law that applies, the number of identical
copies (one for each signing party), who signs for each party with what authority, and a personal-data
clause fitted to what is processed (step 15).

The terms the parties write themselves (notice, changes, disputes, assignment) are in `Terms`; here
are the clauses drawn from facts. A processing on behalf of another party needs a personal data
processor agreement (personuppgiftsbiträdesavtal): until one is recorded, that is a gap; so is a
signing party without a signatory.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from agreements.clauses import PERSONAL_DATA_CLAUSES
from agreements.content import SignatureBlock
from checklist.models import PersonalDataProcessing, Signatory

GOVERNING_LAW_CLAUSE = gettext_lazy("Swedish law applies to the agreement.")


def copies_clause(count: int) -> str:
    """The number of identical copies: one for each party that signs."""
    return ngettext(
        "The agreement has been drawn up in %(count)s identical copy, of which the parties have taken one "
        "each.",
        "The agreement has been drawn up in %(count)s identical copies, of which the parties have taken "
        "one each.",
        count,
    ) % {"count": count}


def personal_data_clauses(processing: str) -> list[str]:
    """The personal-data clause for what is processed; [] while it is not decided (the general text)."""
    first = {
        PersonalDataProcessing.NONE: _(
            "No personal data is processed in the collaboration. Should that change, the parties agree in "
            "writing on how personal data is processed before it is."
        ),
        PersonalDataProcessing.OWN: _(
            "Each party is the controller of the personal data it processes in the collaboration and is "
            "responsible for processing it under the General Data Protection Regulation (GDPR). The "
            "parties share no personal data within the collaboration without a legal basis."
        ),
        PersonalDataProcessing.PROCESSOR: _(
            "One party processes personal data on behalf of another. The parties make a personal data "
            "processor agreement under Article 28 of the General Data Protection Regulation (GDPR) before "
            "the processing begins; it is part of this agreement."
        ),
    }.get(processing)
    return [first, str(PERSONAL_DATA_CLAUSES[1])] if first else []


def add_common_clauses(builder, *, terms) -> None:
    """Give `builder.agreement` the clauses every agreement has (drafting.py); `terms` is the step-15
    row or None."""
    agreement = builder.agreement
    agreement.governing_law = str(GOVERNING_LAW_CLAUSE)
    agreement.copies = copies_clause(len(agreement.parties))
    _signature_blocks(builder)
    if terms is None:
        return
    agreement.personal_data_clauses = personal_data_clauses(terms.personal_data)
    if terms.personal_data == PersonalDataProcessing.PROCESSOR and not terms.processor_agreement:
        builder.gap(
            "personal_data",
            "terms",
            _(
                "One party processes personal data for another, and no personal data processor agreement "
                "has been recorded."
            ),
        )


def _signature_blocks(builder) -> None:
    """One block per signing party, with who signs and their authority; a party without one is a gap."""
    rows = builder.signing_parties  # in the order of agreement.parties
    signatories = {s.party_id: s for s in Signatory.objects.filter(party__in=[p.pk for p in rows])}
    for entry, party in zip(builder.agreement.parties, rows, strict=True):
        signatory = signatories.get(party.pk)
        if signatory is None:
            builder.agreement.signature_blocks.append(SignatureBlock(entry, "", "", ""))
            builder.gap(
                "signatures",
                "terms",
                _("Who signs for %(party)s, and with what authority, is not recorded.")
                % {"party": entry.name},
                url=reverse("signatory_edit", args=[builder.collaboration.pk, party.pk]),
            )
            continue
        builder.agreement.signature_blocks.append(
            SignatureBlock(entry, signatory.name, signatory.title, signatory.authority_in_words)
        )
