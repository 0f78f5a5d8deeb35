"""The agreement's finances as they are: amounts per party or not split per party, once or every year,
co-financing by observers and funders who are not parties, and what the agreement says of who pays,
derived from the form of collaboration and the data (a fee-financed BID never says that each party
bears its own costs). Called by agreements/drafting.py with the translation of the agreement active.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from agreements.clauses import FINANCES_CLAUSE, MODEL_CLAUSES, OWN_COSTS_CLAUSE
from agreements.content import BudgetLineEntry, CoFinancing
from collaborations.models import CollaborationModel


def number(value) -> str:
    return number_format(value, force_grouping=True)


def sek(value) -> str:
    return _("%(amount)s SEK") % {"amount": number(value)}


def per_year(value) -> str:
    return _("%(amount)s per year") % {"amount": sek(value)}


def detail_recorded(details, key) -> bool:
    """Whether a clause that states the model detail `key` may be said ("": it states no detail)."""
    return not key or bool(str(details.get(key) or "").strip())


@dataclass
class Budget:
    lines: list = field(default_factory=list)  # BudgetLineEntry
    by_party: list = field(default_factory=list)  # [(party, amount)], "not split" last
    total: str = ""  # the amounts given once
    total_per_year: str = ""  # the amounts that recur every year
    co_financing: list = field(default_factory=list)  # CoFinancing


def budget(lines, *, observers) -> Budget:
    """The budget of `lines` (BudgetLine rows with their parties' organisations); `observers` are the
    observer parties, whose contributions are co-financing."""
    result = Budget()
    once, yearly = defaultdict(int), defaultdict(int)  # party name ("" when not split) -> amount
    for line in lines:
        name = line.party.organisation.name if line.party else ""
        amount = per_year(line.amount_sek) if line.per_year else sek(line.amount_sek)
        if line.funder:
            result.co_financing.append(CoFinancing(name=line.funder, contribution=amount))
        else:
            (yearly if line.per_year else once)[name] += line.amount_sek
        result.lines.append(
            BudgetLineEntry(
                when=_when(line), party=name, amount=amount, purpose=line.purpose, funder=line.funder
            )
        )
    split = sorted(name for name in set(once) | set(yearly) if name)
    result.by_party = [(name, _amounts(once.get(name), yearly.get(name))) for name in split]
    if "" in once or "" in yearly:
        result.by_party.append((_("Not split per party"), _amounts(once.get(""), yearly.get(""))))
    result.total = sek(sum(once.values())) if once else ""
    result.total_per_year = sek(sum(yearly.values())) if yearly else ""
    observers_first = [
        CoFinancing(name=party.organisation.name, contribution=contribution)
        for party in observers
        if (contribution := _contribution(party))
    ]
    result.co_financing = observers_first + result.co_financing
    return result


def finances_clauses(*, model, details, has_budget) -> list:
    """What the agreement says of its money: the form of collaboration's own clauses whose facts are
    recorded, else that each party bears its own costs (never in a BID, which fees finance); "unless the
    budget below says otherwise" only when there is a budget."""
    clauses = []
    if model is not None:
        clauses = [str(text) for text, key in MODEL_CLAUSES[model].finances if detail_recorded(details, key)]
    if model != CollaborationModel.BID:
        clauses.append(str(FINANCES_CLAUSE if has_budget else OWN_COSTS_CLAUSE))
    return clauses


def _when(line) -> str:
    if line.per_year:
        return _("every year from %(year)s") % {"year": line.year} if line.year else _("every year")
    return str(line.year) if line.year else _("the whole period")


def _amounts(once, yearly) -> str:
    """ "120 000 kr", "400 000 kr per år", or both."""
    return " + ".join(([sek(once)] if once else []) + ([per_year(yearly)] if yearly else []))


def _contribution(party) -> str:
    """What an observer contributes, in words ("" for nothing)."""
    parts = []
    if party.money_sek:
        parts.append(per_year(party.money_sek))
    if party.staff_hours:
        parts.append(_("%(hours)s hours of staff time per year") % {"hours": number(party.staff_hours)})
    if party.premises:
        parts.append(_("premises: %(premises)s") % {"premises": party.premises})
    if party.other_contribution:
        parts.append(party.other_contribution)
    return "; ".join(parts)
