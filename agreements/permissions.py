"""Fetch-and-authorise helpers for the agreement's own resources (collaborations/permissions.py has the
collaboration's): another organisation's object is a 404, so its existence does not leak."""

from django.contrib.auth import get_user_model
from django.db import connection
from django.http import Http404

from agreements.models import AgreementVersion
from collaborations.models import Collaboration
from samverkan.compiled import fetch, sql_with_values

# The stored version's query is the same for every user but for three values; the ORM takes longer to
# build it than the database to run it, so it is compiled once per process with stand-ins that no row
# has, which each call replaces (as agreements/stamp.py does). Positive and within the fields' range:
# the ORM compiles a value outside it to no query at all.
_STAND_INS = {"user": 2_147_480_011, "pk": 2_147_480_017, "number": 2_147_480_023}
_LARGEST = {"pk": 2**63 - 1, "number": 2**31 - 1}  # BigAutoField, PositiveIntegerField
_COLUMNS = ("pk", "number", "pdf_source_hash", "collaboration_id", "collaboration__area_name")
_NAMES = ("id", "number", "pdf_source_hash", "collaboration_id", "area_name")  # as the row holds them


def _stored_version_query(user, pk, number, *, with_pdf):
    """The query of `get_stored_version_for_user`, as the ORM builds it."""
    return (
        AgreementVersion.objects.filter(
            collaboration__in=Collaboration.objects.visible_to(user).values("pk"),
            collaboration_id=pk,
            number=number,
            pdf__isnull=False,
        )
        .order_by("pk")
        .values_list(*_COLUMNS, *(["pdf"] if with_pdf else []))[:1]
    )


def _with_pdf(*, user, pk, number):
    return _stored_version_query(get_user_model()(pk=user), pk, number, with_pdf=True)


def _without_pdf(*, user, pk, number):
    return _stored_version_query(get_user_model()(pk=user), pk, number, with_pdf=False)


def get_stored_version_for_user(request, pk, number, *, with_pdf=True) -> AgreementVersion:
    """Version `number` of collaboration `pk`'s agreement, if its PDF is stored and the user may see
    the collaboration (as `get_collaboration_for_user`): one query, with the collaboration's area (the
    file's name) and, `with_pdf`, the file itself. Otherwise a 404."""
    in_range = 0 < int(pk) <= _LARGEST["pk"] and 0 < int(number) <= _LARGEST["number"]
    if not request.user.is_authenticated or not in_range:
        raise Http404  # no such row; a number too large for the database is not sent to it
    sql, params = sql_with_values(
        _with_pdf if with_pdf else _without_pdf,
        _STAND_INS,
        user=int(request.user.pk),
        pk=int(pk),
        number=int(number),
    )
    _columns, rows = fetch(sql, params, prepare=True)
    if not rows:
        raise Http404
    [row] = rows
    data = dict(zip((*_NAMES, *(["pdf"] if with_pdf else [])), row, strict=True))
    fields = [field.attname for field in AgreementVersion._meta.concrete_fields if field.attname in data]
    version = AgreementVersion.from_db(connection.alias, fields, [data[name] for name in fields])
    version.collaboration = Collaboration.from_db(
        connection.alias, ["id", "area_name"], [data["collaboration_id"], data["area_name"]]
    )
    return version
