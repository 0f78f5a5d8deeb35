"""A collaboration, its parties, and the people who represent a party in it."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import connections, models
from django.db.models import Count, Func, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat, Upper
from django.db.models.lookups import Lookup
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from collaborations.models.organisations import Membership, Organisation
from samverkan.compiled import compiled_values
from samverkan.locking import lock_rows


class CollaborationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_PROGRESS = "in_progress", _("In progress")
    AGREEMENT_DRAFTED = "agreement_drafted", _("Agreement drafted")
    AGREED = "agreed", _("Agreed")
    CLOSED = "closed", _("Closed")


class PartyRole(models.TextChoices):
    LEAD = "lead", _("Lead organisation")
    PARTNER = "partner", _("Partner")
    OBSERVER = "observer", _("Observer")


class PartyState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    INVITED = "invited", _("Invited")
    JOINED = "joined", _("Joined")
    DECLINED = "declined", _("Declined")


# A party's staff may read the collaboration once the party has been invited; before that the
# organisation has not been told, and after declining it has left.
READING_PARTY_STATES = [PartyState.INVITED, PartyState.JOINED]
# A party taking part, or asked to: not declined. Only these are asked, and count on the checklist.
ACTIVE_PARTY_STATES = [PartyState.PROPOSED, PartyState.INVITED, PartyState.JOINED]


class _CountDistinct(Func):
    """COUNT(DISTINCT expression) as a plain function: a scalar subquery counting rows without the
    GROUP BY that an aggregate in `annotate` brings."""

    template = "COUNT(DISTINCT %(expressions)s)"
    output_field = models.IntegerField()


# The searched text of a collaboration (`search`); migration 0017's index is on UPPER() of this, as
# PostgreSQL sees it: changing it means a migration with the new index.
_SEARCH_KEY = Concat(
    "title", Value("\n"), "area_name", Value("\n"), "municipality", output_field=models.TextField()
)


class _CountRows(Func):
    """COUNT(*): the rows, read from the narrowest index that answers the WHERE (the lead's, whose
    entries of one organisation PostgreSQL keeps deduplicated), where COUNT(id) read the wider index
    that holds the id (migration 0014's): 95 pages against 13 for 10,000 collaborations."""

    template = "COUNT(*)"
    output_field = models.IntegerField()

    def __init__(self):
        super().__init__()


class CollaborationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Collaborations led by one of the user's organisations, or where the user represents an invited or
        joined partner. Membership of a partner's organisation alone shows nothing."""
        if not user.is_authenticated:
            return self.none()
        my_orgs = Membership.objects.filter(user=user).values("organisation_id")
        led = Collaboration.objects.filter(lead_organisation_id__in=my_orgs).order_by().values("pk")
        represented = (
            Representation.objects.active().filter(user=user).order_by().values("party__collaboration_id")
        )
        # One `pk IN (led UNION represented)`: each side is an indexed lookup from the user's few rows.
        # `lead IN … OR pk IN …` made PostgreSQL scan every collaboration (and JIT-compile the plan).
        return self.filter(pk__in=led.union(represented))

    def lock(self, pk) -> None:
        """Lock collaboration `pk`'s row until the transaction ends (PostgreSQL; SQLite serialises writes
        anyway). Operations that must see what a concurrent one on the same collaboration committed
        take it first, then the rows they change (a recipient, then its party): one order, so they
        queue instead of deadlocking. FOR NO KEY UPDATE, so rows that merely refer to the
        collaboration (an event) can still be added meanwhile."""
        lock_rows(self.filter(pk=pk))

    def latest_visible(self, user, *, organisation_ids, end: int):
        """The collaborations that can be among the first `end` of `visible_to(user)` by (-updated_at,
        -pk), in one query when read: the latest `end` led by `organisation_ids` (the user's
        organisations), read in order from the index on (lead organisation, updated_at, id), and the
        latest `end` the user represents a party in (few). A dashboard page thus reads at most
        2 × `end` rows, however many collaborations the user sees. Each window is a sliced subquery
        inside an unsliced one, because SQLite refuses LIMIT directly in a UNION's parts."""
        led = (
            Collaboration.objects.filter(lead_organisation_id__in=organisation_ids)
            .order_by("-updated_at", "-pk")
            .values("pk")[:end]
        )
        represented = (
            Representation.objects.active()
            .filter(user=user)
            .order_by("-party__collaboration__updated_at", "-party__collaboration_id")
            .values("party__collaboration_id")[:end]
        )
        window = (
            Collaboration.objects.filter(pk__in=led)
            .order_by()
            .values("pk")
            .union(Collaboration.objects.filter(pk__in=represented).order_by().values("pk"))
        )
        return self.filter(pk__in=window)

    def visible_count(self, user, *, organisation_ids) -> int:
        """len(visible_to(user)) in one query of two counts on indexes: the led ones (`organisation_ids`:
        the user's organisations), plus the represented ones that are not led by them. Compiled once
        per process (samverkan/compiled.py): the ORM took longer to build it than the database to run it."""
        rows = compiled_values(_visible_count, user_id=user.pk, organisation_ids=list(organisation_ids))
        return rows[0][0] if rows else 0

    def search_visible(self, user, *, organisation_ids, text: str):
        """visible_to(user).search(text), with the search inside each side of the union and not around
        it: PostgreSQL reads the matches among the collaborations the user's organisations lead (from
        migration 0017's index, only those organisations' entries) and among the few they represent a
        party in, then fetches just those by key. Searched around the union, it also read every
        collaboration that matched (2,200 at 100,000 for "område 42") to join them with the user's; on
        an index of all organisations' trigrams, it read 100,000 entries for each trigram of "område"
        (in every seeded area's name). `organisation_ids` are the user's organisations."""
        organisation_ids = list(organisation_ids)
        led = Collaboration.objects.filter(lead_organisation_id__in=organisation_ids).search(text)
        if (text or "").strip() and organisation_ids and connections[self.db].vendor == "postgresql":
            led = led.filter(_among_search_keys(organisation_ids, text.strip()))
        led = led.order_by().values("pk")
        represented = Representation.objects.active().filter(user=user).values("party__collaboration_id")
        represented_found = (
            Collaboration.objects.filter(pk__in=represented.order_by()).search(text).order_by().values("pk")
        )
        return self.filter(KeyAmong(led.union(represented_found).order_by()))

    def search(self, text: str):
        """Those whose title, area or municipality holds `text`, in any case: one `icontains` on the
        three joined by line breaks (which a search box does not send), the expression that the
        index of migration 0017 is built on (PostgreSQL)."""
        text = (text or "").strip()
        if not text:
            return self
        return self.alias(search_key=_SEARCH_KEY).filter(search_key__icontains=text)

    def with_party_count(self):
        """Annotate the number of parties besides the lead, as a subquery: no join, no GROUP BY,
        so paginating a long list stays cheap (its COUNT drops the unused annotation)."""
        partners = (
            Party.objects.filter(collaboration=OuterRef("pk"))
            .exclude(role=PartyRole.LEAD)
            .order_by()
            .values("collaboration")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(party_count=Coalesce(Subquery(partners[:1]), 0))


def _among_search_keys(organisation_ids, text):
    """On PostgreSQL: the row holds the keys of `text` under its lead, for one of `organisation_ids`
    (migration 0017's index: only the entries of those organisations are read). Every row whose
    searched text holds `text` has them, so this only narrows where the `icontains` is checked. In the
    dashboard's compiled query (samverkan/compiled.py) `text` arrives escaped for LIKE: the escapes are
    backslashes beside characters that are neither letters nor digits, which leave its trigrams as they
    are (tests/collaborations/test_search_index.py)."""
    held = Func(
        "lead_organisation_id",
        Upper(Cast(_SEARCH_KEY, models.TextField())),
        function="samverkan_search_keys",
        output_field=ArrayField(models.TextField()),
    )
    condition = Q()
    for organisation_id in organisation_ids:
        wanted = Func(
            Value(organisation_id),
            Upper(Value(text)),
            function="samverkan_pattern_keys",
            output_field=ArrayField(models.TextField()),
        )
        condition |= Q(_HoldsAll(held, wanted))
    return condition


class _HoldsAll(Func):
    """array @> array, as a condition."""

    template = "%(expressions)s"
    arg_joiner = " @> "
    output_field = models.BooleanField()
    conditional = True


class KeyAmong(Lookup):
    """The row's key is among those `queryset` selects: `pk IN (subquery)`, and on PostgreSQL
    `pk = ANY(ARRAY(subquery))`. PostgreSQL plans an IN by its estimate of the subquery's rows, which for
    a search comes from a sample: from one ANALYZE to the next the same search went from fetching its
    200 matches by key (5 ms at 100,000 collaborations) to reading the whole table for a hash join
    (22 ms). An array's elements are always fetched by key."""

    prepare_rhs = False

    def __init__(self, queryset):
        super().__init__(models.F("pk"), Subquery(queryset))

    def _sides(self, compiler, connection):
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        rhs_sql, rhs_params = compiler.compile(self.rhs)  # "(SELECT ...)"
        return lhs_sql, rhs_sql, (*lhs_params, *rhs_params)

    def as_sql(self, compiler, connection):
        lhs_sql, rhs_sql, params = self._sides(compiler, connection)
        return f"{lhs_sql} IN {rhs_sql}", params

    def as_postgresql(self, compiler, connection):
        lhs_sql, rhs_sql, params = self._sides(compiler, connection)
        return f"{lhs_sql} = ANY(ARRAY{rhs_sql})", params


def visible_count_expression(*, user_id, organisation_ids):
    """len(visible_to(user)) as an expression of two counts on indexes, for one query's rows: the
    collaborations `organisation_ids` (the user's organisations) lead, plus those the user represents
    a party in that they do not lead."""
    led = (
        Collaboration.objects.filter(lead_organisation_id__in=organisation_ids)
        .order_by()
        .annotate(n=_CountRows())  # each row once: no DISTINCT, which sorted them
        .values("n")
    )
    represented = (
        Representation.objects.active()
        .filter(user=user_id)
        .exclude(party__collaboration__lead_organisation_id__in=organisation_ids)
        .order_by()
        .annotate(n=_CountDistinct("party__collaboration_id"))
        .values("n")
    )
    return Coalesce(Subquery(led), 0) + Coalesce(Subquery(represented), 0)


def _visible_count(*, user_id, organisation_ids):
    """The user's row with `visible_count_expression`: `visible_count`'s query."""
    return (
        Membership._meta.get_field("user")
        .related_model.objects.filter(pk=user_id)
        .annotate(n=visible_count_expression(user_id=user_id, organisation_ids=organisation_ids))
        .values_list("n")
    )


class Collaboration(models.Model):
    title = models.CharField(_("title"), max_length=200)
    area_name = models.CharField(_("residential area"), max_length=200)
    municipality = models.CharField(_("municipality"), max_length=100)
    lead_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="led_collaborations",
        verbose_name=_("lead organisation"),
    )
    status = models.CharField(
        _("status"), max_length=32, choices=CollaborationStatus.choices, default=CollaborationStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = CollaborationQuerySet.as_manager()

    class Meta:
        verbose_name = _("collaboration")
        verbose_name_plural = _("collaborations")
        ordering = ["-updated_at", "-pk"]
        indexes = [
            # The dashboard's latest led collaborations, read in order (latest_visible_ids).
            models.Index(fields=["lead_organisation", "-updated_at", "-id"], name="collaboration_led_latest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=CollaborationStatus.CLOSED, closed_at__isnull=False)
                | (~Q(status=CollaborationStatus.CLOSED) & Q(closed_at__isnull=True)),
                name="collaboration_closed_at_matches_status",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.status == CollaborationStatus.CLOSED

    def is_led_by_member(self, user) -> bool:
        return Membership.objects.filter(user=user, organisation_id=self.lead_organisation_id).exists()

    def close(self) -> None:
        self.status = CollaborationStatus.CLOSED
        self.closed_at = timezone.now()
        self.save(update_fields=["status", "closed_at", "updated_at"])

    def touch(self) -> None:
        """Mark the collaboration as changed, in the transaction of the change: lists sorted by activity
        show it first, and what is kept under its change stamp (`updated_at`: the checklist's state,
        checklist/rules.py) is computed anew. Every write to its data calls this."""
        if self.status == CollaborationStatus.DRAFT:
            self.status = CollaborationStatus.IN_PROGRESS
        self.save(update_fields=["status", "updated_at"])

    def latest_problem(self):
        return self.problem_versions.order_by("-version").first()


class Party(models.Model):
    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="parties", verbose_name=_("collaboration")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="parties", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=16, choices=PartyRole.choices, default=PartyRole.PARTNER)
    state = models.CharField(
        _("status"), max_length=16, choices=PartyState.choices, default=PartyState.PROPOSED
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact person's email"), blank=True)
    contact_phone = models.CharField(_("contact person's phone"), max_length=40, blank=True)
    staff_hours = models.PositiveIntegerField(_("staff time (hours per year)"), null=True, blank=True)
    money_sek = models.PositiveIntegerField(_("money (SEK per year)"), null=True, blank=True)
    premises = models.CharField(_("premises"), max_length=500, blank=True)
    other_contribution = models.TextField(_("other contribution"), blank=True)
    # The party's own registration of the collaboration as an official record (diarienummer): each
    # public body registers the agreement under its own number, which the agreement shows.
    case_number = models.CharField(
        _("case number"),
        max_length=100,
        blank=True,
        help_text=_("The party's own case number (diarienummer) for this collaboration, if it has one."),
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["collaboration", "role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "organisation"], name="party_unique_organisation"
            ),
            models.UniqueConstraint(
                fields=["collaboration"],
                condition=Q(role=PartyRole.LEAD),
                name="party_one_lead_per_collaboration",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"

    @property
    def is_lead(self) -> bool:
        return self.role == PartyRole.LEAD

    @property
    def is_still_asked(self) -> bool:
        """A partner that has not declined: its answers count and its links may be used. A party made an
        observer, or declined, after it was asked is no longer waited for (confirmations.queries
        .STILL_ASKED is the same rule for queries)."""
        return self.role == PartyRole.PARTNER and self.state != PartyState.DECLINED


# --- Representation: a person who answers for one party in one collaboration.


class RepresentationQuerySet(models.QuerySet):
    def active(self):
        """Representations that give access: not ended, of a partner that has been invited or has joined.
        A party that becomes an observer or declines takes its representatives' access with it."""
        return self.filter(
            ended_at__isnull=True, party__role=PartyRole.PARTNER, party__state__in=READING_PARTY_STATES
        )


class Representation(models.Model):
    """`user` represents `party` in the party's collaboration: they read that collaboration and answer
    for that party, nothing else. Made by accepting the party's invitation link, never a membership of
    the party's organisation. It ends when the party's contact address changes (`ended_at`), and gives
    no access while the party is not an invited or joined partner."""

    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="representations", verbose_name=_("party")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="representations",
        verbose_name=_("user"),
    )
    email = models.EmailField(_("address the invitation was sent to"), blank=True)
    created_at = models.DateTimeField(_("since"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    objects = RepresentationQuerySet.as_manager()

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        ordering = ["party", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["party", "user"], name="representation_unique_user_party"),
        ]

    def __str__(self):
        return f"{self.user} – {self.party}"
