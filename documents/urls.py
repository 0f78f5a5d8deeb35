from django.urls import path

from documents import views

urlpatterns = [
    path("samverkan/<int:pk>/dokument/ny/", views.document_upload, name="document_upload"),
    path("samverkan/<int:pk>/dokument/<int:document_pk>/", views.document_download, name="document_download"),
    path(
        "samverkan/<int:pk>/dokument/<int:document_pk>/ta-bort/",
        views.document_delete,
        name="document_delete",
    ),
]
