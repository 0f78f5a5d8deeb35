import json

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts import services
from accounts.forms import DeleteAccountForm, ProfileForm
from samverkan.errors import DomainError


def account_overview(request):
    has_totp = Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists()
    return render(
        request,
        "accounts/account_overview.html",
        {"has_totp": has_totp, "retention_days": settings.INVITATION_RETENTION_DAYS},
    )


def account_profile(request):
    user = request.user
    initial = {"first_name": user.first_name, "last_name": user.last_name, "title": user.title}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.update_profile(user=user, **form.cleaned_data)
        messages.success(request, _("Your name and title have been saved."))
        return redirect("account_overview")
    return render(request, "accounts/account_profile.html", {"form": form})


@never_cache
def account_data_download(request):
    data = services.personal_data(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    filename = f"samverkan-mina-uppgifter-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def account_delete(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_account(user=request.user)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            logout(request)
            messages.success(request, _("Your account has been deleted."))
            return redirect("dashboard")
    return render(
        request,
        "accounts/account_delete.html",
        {"form": form, "blocking_organisations": services.organisations_needing_admin(request.user)},
    )
