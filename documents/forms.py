from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from documents.models import DocumentKind
from documents.sniffing import ACCEPT, FILE_TYPES, sniff


def allowed_types_text() -> str:
    return ", ".join(str(file_type.label) for file_type in FILE_TYPES)


class DocumentUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What is the document?"), choices=DocumentKind.choices, widget=forms.RadioSelect
    )
    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={"required": _("Choose a file to upload.")},
    )
    description = forms.CharField(
        label=_("Description (optional)"),
        max_length=200,
        required=False,
        help_text=_("For example: the municipal board's decision of 12 March."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("%(types)s. At most %(limit)s.") % {
            "types": allowed_types_text(),
            "limit": filesizeformat(settings.DOCUMENT_MAX_UPLOAD_SIZE),
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.DOCUMENT_MAX_UPLOAD_SIZE
        if upload.size > limit:
            raise ValidationError(
                _("The file is too big (%(size)s). A document may be at most %(limit)s."),
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
                code="too_big",
            )
        file_type = sniff(upload)
        if file_type is None:
            raise ValidationError(
                _(
                    "The file is not one of the types we accept, whatever its name says. "
                    "Accepted: %(types)s. Word and Excel files with macros are not accepted."
                ),
                params={"types": allowed_types_text()},
                code="wrong_type",
            )
        self.cleaned_data["file_type"] = file_type
        return upload
