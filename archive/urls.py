from django.urls import path

from archive import views

urlpatterns = [
    path("samverkan/<int:pk>/arkiv/", views.collaboration_export, name="collaboration_export"),
]
