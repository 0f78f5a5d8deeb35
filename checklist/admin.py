from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from checklist import services
from checklist.models import ChecklistTemplate, CollaborationChecklist, Step
from checklist.steps import rule_choices


class StepInline(admin.StackedInline):
    model = Step
    extra = 0
    fields = [
        ("number", "key", "rule", "is_continuation"),
        ("title_sv", "title_en"),
        "guidance_sv",
        "guidance_en",
        "prerequisites",
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "rule":
            # The rules are the step registry's (checklist/steps.py), which the model cannot import.
            return forms.ChoiceField(label=db_field.verbose_name, choices=rule_choices)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def has_add_permission(self, request, obj=None):
        return obj is None or not obj.is_published

    def has_change_permission(self, request, obj=None):
        return obj is None or not obj.is_published

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.is_published


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(admin.ModelAdmin):
    """Published versions are read-only: an operator copies one into a new draft version, edits, publishes."""

    list_display = ["name", "version", "published_at", "created_at"]
    search_fields = ["name", "notes"]
    inlines = [StepInline]
    actions = ["make_new_version", "publish"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_published:
            return ["name", "version", "notes", "published_at"]
        return ["published_at"]

    @admin.action(description=_("Make a new draft version from the selected template"))
    def make_new_version(self, request, queryset):
        for template in queryset:
            copy = services.copy_template_as_new_version(template=template)
            self.message_user(
                request,
                _("Version %(version)s created as a draft.") % {"version": copy.version},
                messages.SUCCESS,
            )

    @admin.action(description=_("Publish the selected draft versions"))
    def publish(self, request, queryset):
        drafts = queryset.filter(published_at__isnull=True)
        for template in drafts:
            template.publish()
        count = len(drafts)
        self.message_user(
            request,
            ngettext("%(count)d version published.", "%(count)d versions published.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(CollaborationChecklist)
class CollaborationChecklistAdmin(admin.ModelAdmin):
    list_display = ["collaboration", "template"]
    list_filter = ["template"]
    search_fields = ["collaboration__title"]
    list_select_related = ["collaboration", "template"]
