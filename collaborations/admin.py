from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from archive.admin_actions import export_archive
from collaborations.forms import OrganisationForm
from collaborations.models import (
    Collaboration,
    ConfirmationRecipient,
    ConfirmationRequest,
    Event,
    Goal,
    Invitation,
    Mandate,
    Membership,
    ModelChoice,
    Organisation,
    Party,
    ProblemDescription,
    Representation,
    ResidentInvolvement,
    SubGoal,
)


class TouchesCollaboration:
    """An operator's change in the admin marks the collaboration as changed, as the services do
    (Collaboration.touch), so that what is kept under its change stamp (the checklist's state) is
    computed anew."""

    collaboration_path = "collaboration"

    def _touch(self, obj):
        collaboration = obj
        for name in self.collaboration_path.split("__"):
            collaboration = getattr(collaboration, name)
        Collaboration.objects.get(pk=collaboration.pk).touch()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._touch(obj)

    def delete_model(self, request, obj):
        self._touch(obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._touch(obj)
        super().delete_queryset(request, queryset)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    form = OrganisationForm  # stores the number as NNNNNN-NNNN, however the operator typed it
    list_display = ["name", "org_number", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name", "org_number"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(Representation)
class RepresentationAdmin(admin.ModelAdmin):
    """Who represents which party; made by accepting an invitation link. The operator may end one."""

    list_display = ["user", "party", "email", "created_at", "ended_at"]
    list_filter = ["ended_at"]
    search_fields = ["user__email", "party__organisation__name", "party__collaboration__title"]
    list_select_related = ["user", "party__organisation", "party__collaboration"]
    autocomplete_fields = ["user"]
    raw_id_fields = ["party"]


class PartyInline(admin.TabularInline):
    model = Party
    extra = 0
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "role", "state", "contact_name", "contact_email"]


@admin.register(Collaboration)
class CollaborationAdmin(admin.ModelAdmin):
    list_display = ["title", "area_name", "municipality", "lead_organisation", "status", "updated_at"]
    list_filter = ["status", "municipality"]
    search_fields = ["title", "area_name", "municipality", "lead_organisation__name"]
    autocomplete_fields = ["lead_organisation"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    list_select_related = ["lead_organisation"]
    inlines = [PartyInline]
    actions = [export_archive]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.touch()  # the parties inline is saved after the collaboration


@admin.register(Party)
class PartyAdmin(TouchesCollaboration, admin.ModelAdmin):
    list_display = ["organisation", "collaboration", "role", "state", "contact_name"]
    list_filter = ["role", "state"]
    search_fields = ["organisation__name", "collaboration__title", "contact_name", "contact_email"]
    autocomplete_fields = ["organisation", "collaboration"]
    list_select_related = ["organisation", "collaboration"]


@admin.register(ResidentInvolvement)
class ResidentInvolvementAdmin(TouchesCollaboration, admin.ModelAdmin):
    list_display = ["collaboration", "method", "held_on", "participants"]
    list_filter = ["method"]
    search_fields = ["collaboration__title", "learned"]
    list_select_related = ["collaboration"]


@admin.register(ProblemDescription)
class ProblemDescriptionAdmin(TouchesCollaboration, admin.ModelAdmin):
    list_display = ["collaboration", "version", "sent_at", "created_by", "updated_at"]
    list_filter = ["sent_at"]
    search_fields = ["collaboration__title", "text"]
    list_select_related = ["collaboration", "created_by"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(Goal)
class GoalAdmin(TouchesCollaboration, admin.ModelAdmin):
    list_display = ["collaboration", "overall", "updated_at"]
    search_fields = ["collaboration__title", "overall"]


@admin.register(SubGoal)
class SubGoalAdmin(TouchesCollaboration, admin.ModelAdmin):
    list_display = ["collaboration", "indicator", "baseline", "target", "target_date"]
    search_fields = ["collaboration__title", "indicator"]
    list_select_related = ["collaboration"]


@admin.register(Mandate)
class MandateAdmin(TouchesCollaboration, admin.ModelAdmin):
    collaboration_path = "party__collaboration"
    list_display = ["party", "decided_by", "decided_on"]
    search_fields = ["party__organisation__name", "decided_by"]
    list_select_related = ["party__organisation"]


@admin.register(ModelChoice)
class ModelChoiceAdmin(TouchesCollaboration, admin.ModelAdmin):
    list_display = ["collaboration", "model", "chosen_by", "updated_at"]
    list_filter = ["model"]
    search_fields = ["collaboration__title", "rationale"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """The event log is append-only: operators may read it, never change it."""

    list_display = ["created_at", "collaboration", "kind", "detail", "actor"]
    list_filter = ["kind"]
    search_fields = ["collaboration__title", "detail"]
    list_select_related = ["collaboration", "actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Confirmations are changed through the application, where every change is logged."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ConfirmationRecipientInline(admin.TabularInline):
    model = ConfirmationRecipient
    extra = 0
    fields = ["party", "language", "answer", "comment", "answered_by", "answered_at", "last_reminded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ConfirmationRequest)
class ConfirmationRequestAdmin(ReadOnlyAdmin):
    list_display = ["collaboration", "problem", "sent_by", "sent_at", "superseded_at", "all_agreed_at"]
    search_fields = ["collaboration__title"]
    list_select_related = ["collaboration", "problem__collaboration", "sent_by"]
    inlines = [ConfirmationRecipientInline]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["email", "recipient", "purpose", "mail_status", "mail_attempts", "created_at", "state"]
    list_filter = ["purpose", "mail_status"]
    search_fields = ["email", "recipient__party__organisation__name"]
    list_select_related = ["recipient__party__organisation", "recipient__request__collaboration"]
    # The token's hash is of no use to an operator; leaving it out keeps it off screens.
    exclude = ["token_hash"]

    @admin.display(description=_("state"))
    def state(self, invitation):
        return invitation.get_state_display()
