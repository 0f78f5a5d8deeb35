"""Formatting the facts that may be known only in part, or not at all, for the agreement (in Swedish,
which agreements/drafting.py makes active): dates as precise as known, reasons, names, numbers."""

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samverkan.unknowns import DatePrecision, UnknownReason


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
    """ "A", "A och B", "A, B och C"; "" for none."""
    names = list(names)
    if len(names) < 2:
        return "".join(names)
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


def iso_date(value) -> str:
    return value.isoformat() if value else ""


def moment(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def hours_per_year(value) -> str:
    return ngettext("%(hours)s hour per year", "%(hours)s hours per year", value) % {
        "hours": number_format(value, force_grouping=True)
    }


def person(user) -> str:
    return user.display_name if user is not None else ""


def not_decided(what, reason="") -> str:
    """A gap's text for a fact not recorded yet, with the reason it is missing when one is given."""
    if reason:
        return _("Not decided yet: %(what)s (%(reason)s).") % {
            "what": what,
            "reason": str(UnknownReason(reason).label).lower(),
        }
    return _("Not decided yet: %(what)s.") % {"what": what}
