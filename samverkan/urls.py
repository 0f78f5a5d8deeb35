from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from samverkan.views import healthz

# Operators log in through allauth (rate limits, two-factor), not the admin's own form.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Samverkan"
admin.site.site_title = "Samverkan"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("konto/", include("accounts.urls")),
    path("konto/", include("allauth.urls")),
    # The language switch must work before login too (the login page has it).
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("", include("collaborations.urls")),
    path("", include("checklist.urls")),
    path("", include("documents.urls")),
    path("", include("agreements.urls")),
    path("", include("archive.urls")),
]
