from django.urls import path

from agreements import record_views, views

urlpatterns = [
    path("samverkan/<int:pk>/avtal/", views.agreement_preview, name="agreement_preview"),
    path("samverkan/<int:pk>/avtal/pdf/", views.agreement_download, name="agreement_download"),
    path("samverkan/<int:pk>/avtal/godkannande/", views.agreement_send, name="agreement_send"),
    path(
        "samverkan/<int:pk>/avtal/godkann/<int:party_pk>/", views.agreement_approve, name="agreement_approve"
    ),
    path("samverkan/<int:pk>/avtal/paminn/<int:party_pk>/", views.agreement_remind, name="agreement_remind"),
    path("samverkan/<int:pk>/avtal/jamfor/", views.agreement_compare, name="agreement_compare"),
    path(
        "samverkan/<int:pk>/avtal/version/<int:number>/pdf/",
        views.agreement_version_download,
        name="agreement_version_download",
    ),
    path("samverkan/<int:pk>/avtal/docx/", record_views.agreement_docx_download, name="agreement_docx"),
    path(
        "samverkan/<int:pk>/avtal/version/<int:number>/docx/",
        record_views.agreement_docx_version,
        name="agreement_docx_version",
    ),
    path(
        "samverkan/<int:pk>/avtal/version/<int:number>/forseglat/",
        record_views.agreement_sealed_download,
        name="agreement_sealed_download",
    ),
]
