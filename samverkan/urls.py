from django.contrib import admin
from django.urls import include, path

from samverkan.views import healthz

admin.site.site_header = "Samverkan"
admin.site.site_title = "Samverkan"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("konto/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("collaborations.urls")),
]
