"""The operator's import: upload an archive, then run "Import the selected archives" on it."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy

from archive import services
from archive.models import ArchiveImport
from samverkan.errors import DomainError


class UploadForm(forms.ModelForm):
    upload = forms.FileField(label=gettext_lazy("Archive (ZIP) exported from Samverkan"))

    class Meta:
        model = ArchiveImport
        fields = []


@admin.register(ArchiveImport)
class ArchiveImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "uploaded_at", "uploaded_by", "imported_at", "collaboration"]
    readonly_fields = ["file_name", "uploaded_by", "uploaded_at", "imported_at", "collaboration", "outcome"]
    actions = ["import_selected"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = UploadForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return ["upload"] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not change:
            upload = form.cleaned_data["upload"]
            obj.file_name = upload.name[:255]
            obj.archive = upload.read()
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=gettext_lazy("Import the selected archives"))
    def import_selected(self, request, queryset):
        for archive_import in queryset:
            try:
                result = services.import_uploaded(archive_import=archive_import, imported_by=request.user)
            except DomainError as error:
                self.message_user(request, f"{archive_import.file_name}: {error}", messages.ERROR)
            else:
                level = messages.SUCCESS if result.same_agreement else messages.WARNING
                self.message_user(request, services.describe(result), level)
