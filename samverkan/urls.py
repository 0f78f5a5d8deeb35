from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from samverkan.views import healthz

admin.site.site_header = "Samverkan"
admin.site.site_title = "Samverkan"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("konto/", include("allauth.urls")),
    # The language switch must work before login too (the login page has it).
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("", include("collaborations.urls")),
    path("", include("checklist.urls")),
]
