"""Confirmations: one exact version sent to the parties, their answers, the e-mails that ask them
(the flow is collaborations/confirmations/)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from collaborations.models.collaboration import Collaboration, Party
from collaborations.models.events import EventKind
from collaborations.models.step_data import ProblemDescription


class ConfirmationAnswer(models.TextChoices):
    AGREE = "agree", _("Agrees")
    CHANGES = "changes", _("Wants changes")
    DECLINE = "decline", _("Declines")


class MailLanguage(models.TextChoices):
    SWEDISH = "sv", _("Swedish")
    ENGLISH = "en", _("English")


class ConfirmationRequestQuerySet(models.QuerySet):
    def current(self):
        """Requests not replaced by a request for a newer version of the same subject."""
        return self.filter(superseded_at__isnull=True)

    def for_problem(self):
        return self.filter(problem__isnull=False)

    def for_agreement(self):
        return self.filter(agreement__isnull=False)


class ConfirmationRequest(models.Model):
    """One exact version sent to the parties for their answers.

    The subject is exactly one of: a version of the problem description (to confirm), or a version of
    the agreement draft (to approve, agreements.AgreementVersion). A new version gets a new request
    and the previous one of the same subject is marked superseded, keeping its answers. A problem
    description version is sent once; an agreement version can be sent again after another version
    replaced it (the text was changed and then changed back).
    """

    collaboration = models.ForeignKey(
        Collaboration,
        on_delete=models.CASCADE,
        related_name="confirmation_requests",
        verbose_name=_("collaboration"),
    )
    problem = models.ForeignKey(
        ProblemDescription,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="confirmation_requests",
        verbose_name=_("problem description"),
    )
    agreement = models.ForeignKey(
        "agreements.AgreementVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="confirmation_requests",
        verbose_name=_("agreement version"),
    )
    message = models.TextField(_("message to the parties"), blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    superseded_at = models.DateTimeField(_("replaced by a newer version"), null=True, blank=True)
    all_agreed_at = models.DateTimeField(_("every party agreed"), null=True, blank=True)

    objects = ConfirmationRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("request for confirmation")
        verbose_name_plural = _("requests for confirmation")
        ordering = ["collaboration", "-sent_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(problem__isnull=False, agreement__isnull=True)
                | Q(problem__isnull=True, agreement__isnull=False),
                name="confirmation_request_has_subject",
            ),
            models.UniqueConstraint(fields=["problem"], name="confirmation_request_one_per_problem_version"),
            models.UniqueConstraint(
                fields=["collaboration"],
                condition=Q(superseded_at__isnull=True, agreement__isnull=False),
                name="confirmation_request_one_current_agreement",
            ),
            models.UniqueConstraint(
                fields=["collaboration"],
                condition=Q(superseded_at__isnull=True, problem__isnull=False),
                name="confirmation_request_one_current_problem",
            ),
        ]

    def __str__(self):
        return f"{self.collaboration} – {self.subject}"

    @property
    def subject(self):
        return self.problem if self.problem_id else self.agreement

    @property
    def is_for_agreement(self) -> bool:
        return self.agreement_id is not None

    @property
    def version(self) -> int:
        return self.subject.version

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None


class ConfirmationRecipient(models.Model):
    """A party asked to answer one request, and its answer. The answer may change while the request is
    current; every answer is also written to the event log."""

    request = models.ForeignKey(
        ConfirmationRequest, on_delete=models.CASCADE, related_name="recipients", verbose_name=_("request")
    )
    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="confirmation_recipients", verbose_name=_("party")
    )
    language = models.CharField(
        _("language of the e-mails"), max_length=8, choices=MailLanguage.choices, default=MailLanguage.SWEDISH
    )
    answer = models.CharField(_("answer"), max_length=16, choices=ConfirmationAnswer.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # An answer given with the e-mailed link alone, without an account (answered_by is then empty):
    # the address the link was sent to, and the name and title the person gave.
    link_email = models.EmailField(_("answered through the link sent to"), blank=True)
    link_name = models.CharField(_("name given with the answer"), max_length=200, blank=True)
    link_title = models.CharField(_("title given with the answer"), max_length=200, blank=True)
    last_reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True)
    automatic_reminders = models.PositiveSmallIntegerField(_("automatic reminders sent"), default=0)

    class Meta:
        verbose_name = _("party asked")
        verbose_name_plural = _("parties asked")
        ordering = ["request", "party__organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["request", "party"], name="confirmation_recipient_unique_party"),
            models.CheckConstraint(
                condition=Q(answer="", answered_at__isnull=True)
                | (~Q(answer="") & Q(answered_at__isnull=False)),
                name="confirmation_recipient_answered_at_matches_answer",
            ),
            models.CheckConstraint(
                condition=~Q(answer=ConfirmationAnswer.CHANGES) | ~Q(comment=""),
                name="confirmation_recipient_changes_need_comment",
            ),
        ]

    def __str__(self):
        return f"{self.party.organisation} – {self.request}"

    @property
    def has_answered(self) -> bool:
        return bool(self.answer)

    @property
    def answered_through_link(self) -> bool:
        return bool(self.link_email)

    def respondent(self) -> str:
        """Who gave the answer, in words: the account's name and title (its address while it has no
        name), or the name, title and address given with an answer through the link; "" before one."""
        if self.answered_by_id is not None:
            return self.answered_by.name_and_title
        if self.link_email:
            who = ", ".join(part for part in (self.link_name, self.link_title) if part)
            return _("%(who)s (through the link to %(email)s)") % {"who": who, "email": self.link_email}
        return ""

    def answer_label(self) -> str:
        """The answer in words. Agreeing to a version of the agreement reads "approves"."""
        if self.answer == ConfirmationAnswer.AGREE and self.request.is_for_agreement:
            return _("Approves")
        return self.get_answer_display()


class InvitationPurpose(models.TextChoices):
    INVITATION = "invitation", _("Invitation")
    REMINDER = "reminder", _("Reminder")


class MailStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Could not be sent")
    # The worker stopped while sending (claimed long ago, never recorded): the e-mail may have gone out.
    INTERRUPTED = "interrupted", _("Sending was interrupted")


# The e-mail may have gone out with the link: its token's hash is stored when sending starts, so the
# link works even if the worker died before it could record "sent".
LINK_ISSUED_STATUSES = [MailStatus.SENDING, MailStatus.SENT, MailStatus.INTERRUPTED]


class InvitationState(models.TextChoices):
    """What a link does when it is followed; computed, not stored."""

    NOT_SENT = "not_sent", _("Not sent yet")
    VALID = "valid", _("Valid")
    USED = "used", _("Used")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")
    REPLACED = "replaced", _("Replaced by a newer link")


class InvitationQuerySet(models.QuerySet):
    def open(self):
        """Not accepted, revoked or replaced (Invitation.is_open): the link works, or will once sent."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, replaced_at__isnull=True)


class Invitation(models.Model):
    """A personal link e-mailed to a party's contact, tied to that party and that e-mail address.

    Only the SHA-256 of the token is stored. The token is made when sending starts (the claim, see
    tasks.deliver_invitation) and exists nowhere but in that e-mail; a failed send keeps no token, and
    the retry makes a new one.
    """

    recipient = models.ForeignKey(
        ConfirmationRecipient,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("party asked"),
    )
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=8, choices=MailLanguage.choices)
    purpose = models.CharField(
        _("purpose"), max_length=16, choices=InvitationPurpose.choices, default=InvitationPurpose.INVITATION
    )
    base_url = models.CharField(_("address of the service"), max_length=200)
    token_hash = models.CharField(_("hash of the token"), max_length=64, null=True, blank=True, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("valid until"), null=True, blank=True)
    mail_status = models.CharField(
        _("e-mail"), max_length=16, choices=MailStatus.choices, default=MailStatus.PENDING
    )
    mail_attempts = models.PositiveSmallIntegerField(_("attempts to send"), default=0)
    mail_error = models.CharField(_("last error"), max_length=300, blank=True)
    mail_sent_at = models.DateTimeField(_("e-mail sent"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("sending started"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    replaced_at = models.DateTimeField(_("replaced by a newer link"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True)
                | (Q(revoked_at__isnull=True) & Q(replaced_at__isnull=True)),
                name="invitation_accepted_is_final",
            ),
            models.CheckConstraint(
                condition=~Q(mail_status=MailStatus.SENT)
                | (Q(token_hash__isnull=False) & Q(expires_at__isnull=False) & Q(mail_sent_at__isnull=False)),
                name="invitation_sent_has_token",
            ),
            models.CheckConstraint(
                condition=~Q(mail_status__in=[MailStatus.SENDING, MailStatus.INTERRUPTED])
                | (Q(token_hash__isnull=False) & Q(expires_at__isnull=False) & Q(claimed_at__isnull=False)),
                name="invitation_claimed_has_token",
            ),
        ]

    def __str__(self):
        return f"{self.email} ({self.get_purpose_display()})"

    @property
    def is_open(self) -> bool:
        """Not accepted, revoked or replaced: the link works, or will once the e-mail is sent."""
        return self.accepted_at is None and self.revoked_at is None and self.replaced_at is None

    def state(self, now=None) -> str:
        if self.accepted_at is not None:
            return InvitationState.USED
        if self.revoked_at is not None:
            return InvitationState.REVOKED
        if self.replaced_at is not None:
            return InvitationState.REPLACED
        if self.mail_status not in LINK_ISSUED_STATUSES:
            return InvitationState.NOT_SENT
        if self.expires_at <= (now or timezone.now()):
            return InvitationState.EXPIRED
        return InvitationState.VALID

    def get_state_display(self) -> str:
        return InvitationState(self.state()).label


# The event kinds shown with the confirmation matrix.
CONFIRMATION_EVENT_KINDS = [
    EventKind.VERSION_SENT,
    EventKind.INVITATION_SENT,
    EventKind.INVITATION_OPENED,
    EventKind.INVITATION_ACCEPTED,
    EventKind.INVITATION_REVOKED,
    EventKind.REMINDER_SENT,
    EventKind.MAIL_FAILED,
    EventKind.ANSWER_GIVEN,
    EventKind.ALL_AGREED,
    EventKind.AGREEMENT_SENT,
    EventKind.APPROVAL_GIVEN,
    EventKind.CHANGES_WANTED,
    EventKind.ALL_APPROVED,
]
