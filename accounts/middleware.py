import logging

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from collaborations.models import Membership, MembershipRole

logger = logging.getLogger(__name__)


def _needs_two_factor(user) -> bool:
    """An organisation admin without an authenticator app (one query)."""
    totp = Authenticator.objects.filter(user=OuterRef("user"), type=Authenticator.Type.TOTP)
    return (
        Membership.objects.filter(user=user, role=MembershipRole.ADMIN)
        .annotate(has_totp=Exists(totp))
        .filter(has_totp=False)
        .exists()
    )


class RequireAdminTwoFactorMiddleware:
    """With REQUIRE_MFA_FOR_ORGANISATION_ADMINS on, send an organisation admin who has no authenticator
    app to set one up. The account and two-factor pages (allauth's and ours, logout included) and the
    pages open to anonymous visitors stay open, so that the admin can do it, or leave."""

    OPEN_MODULES = ("allauth.", "accounts.")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            not settings.REQUIRE_MFA_FOR_ORGANISATION_ADMINS
            or not request.user.is_authenticated
            or view_func.__module__.startswith(self.OPEN_MODULES)
            or not getattr(view_func, "login_required", True)
            or not _needs_two_factor(request.user)
        ):
            return None
        messages.warning(
            request,
            _(
                "As an organisation administrator you must use two-factor authentication. "
                "Activate an authenticator app to continue."
            ),
        )
        return redirect("mfa_activate_totp")
