from django.urls import path

from accounts import views

urlpatterns = [
    path("mitt-konto/", views.account_overview, name="account_overview"),
    path("mitt-konto/namn/", views.account_profile, name="account_profile"),
    path("mitt-konto/mina-uppgifter.json", views.account_data_download, name="account_data_download"),
    path("mitt-konto/radera/", views.account_delete, name="account_delete"),
]
