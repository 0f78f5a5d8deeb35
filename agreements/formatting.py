"""Formatting the facts that may be known only in part, or not at all, for the agreement (in Swedish,
which agreements/drafting.py makes active): dates as precise as known, reasons, names, numbers."""

from django.utils.translation import gettext as _

from samverkan.unknowns import DatePrecision


def partial_date(partial) -> str:
    """A PartialDate as precisely as it is known ("2026-03-14", "mars 2026", "2026"); "" for None."""
    return str(partial) if partial is not None else ""


def decided_when(partial) -> str:
    """When a decision was taken, as precisely as it is known: "den 2026-03-14", "i mars 2026",
    "under 2026"; "" when not known."""
    if partial is None:
        return ""
    if partial.precision == DatePrecision.YEAR:
        return _("in the year %(date)s") % {"date": partial}
    if partial.precision == DatePrecision.MONTH:
        return _("in %(date)s") % {"date": partial}
    return _("on %(date)s") % {"date": partial}


def join_names(names) -> str:
    """ "A", "A och B", "A, B och C"."""
    if len(names) == 1:
        return names[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def with_reason(message, reason) -> str:
    """A gap's text with why the fact is missing, when a reason was given: "… (saknas i underlaget)"."""
    if not reason:
        return message
    return _("%(gap)s Reason: %(reason)s.") % {"gap": message, "reason": str(reason).lower()}


def org_number_label(organisation) -> str:
    """The number, "saknar organisationsnummer" for one that has none, "" for one not known yet."""
    if organisation.org_number:
        return organisation.org_number
    return _("no organisation number") if organisation.has_no_org_number else ""
