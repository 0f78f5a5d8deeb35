"""The event log: every change of state, with actor and time; append-only."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from collaborations.models.collaboration import Collaboration


class EventKind(models.TextChoices):
    CREATED = "created", _("Collaboration created")
    EDITED = "edited", _("Details changed")
    CLOSED = "closed", _("Collaboration closed")
    PARTY_ADDED = "party_added", _("Party added")
    PARTY_CHANGED = "party_changed", _("Party changed")
    RESIDENTS_RECORDED = "residents_recorded", _("Residents' involvement recorded")
    PROBLEM_SAVED = "problem_saved", _("Problem description saved")
    GOAL_SAVED = "goal_saved", _("Goal saved")
    MANDATE_SAVED = "mandate_saved", _("Mandate recorded")
    MODEL_CHOSEN = "model_chosen", _("Form of collaboration chosen")
    # The checklist
    STEP_NOT_APPLICABLE = "step_not_applicable", _("Step marked as not applicable")
    STEP_REOPENED = "step_reopened", _("Step reopened")
    CHECKLIST_UPGRADED = "checklist_upgraded", _("Checklist moved to a newer version")
    PLAN_SAVED = "plan_saved", _("Plan saved")
    # Confirmations and approvals
    VERSION_SENT = "version_sent", _("Version sent for confirmation")
    INVITATION_SENT = "invitation_sent", _("Invitation sent")
    INVITATION_OPENED = "invitation_opened", _("Invitation opened")
    INVITATION_ACCEPTED = "invitation_accepted", _("Invitation accepted")
    INVITATION_REVOKED = "invitation_revoked", _("Invitation revoked")
    REMINDER_SENT = "reminder_sent", _("Reminder sent")
    MAIL_FAILED = "mail_failed", _("E-mail could not be sent")
    ANSWER_GIVEN = "answer_given", _("Answer given")
    ALL_AGREED = "all_agreed", _("Every party agrees")  # the system notes it: no person
    # The agreement
    PDF_GENERATED = "pdf_generated", _("Agreement draft generated")
    AGREEMENT_SENT = "agreement_sent", _("Agreement draft sent for approval")
    APPROVAL_GIVEN = "approval_given", _("Agreement approved")
    CHANGES_WANTED = "changes_wanted", _("Changes to the agreement draft wanted")
    ALL_APPROVED = "all_approved", _("Every party approves")  # the system notes it: no person
    AGREEMENT_SEALED = "agreement_sealed", _("Approved agreement sealed")
    ARCHIVE_IMPORTED = "archive_imported", _("Imported from an archive")
    # Documents (documents/)
    DOCUMENT_ADDED = "document_added", _("Document uploaded")
    DOCUMENT_REMOVED = "document_removed", _("Document deleted")


class EventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The event log is append-only.")

    def delete(self):
        raise TypeError("The event log is append-only.")


class Event(models.Model):
    """One entry in a collaboration's append-only log: what happened, by whom, when."""

    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="events", verbose_name=_("collaboration")
    )
    kind = models.CharField(_("event"), max_length=32, choices=EventKind.choices)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("event log")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.detail}".strip()

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("The event log is append-only.")
        super().save(*args, **kwargs)
