from collaborations.models import Membership

SESSION_KEY = "current_organisation"


def organisations(request):
    """The user's organisations and the current one, for the top bar's switcher."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    memberships = list(Membership.objects.filter(user=user).select_related("organisation"))
    current = next(
        (m.organisation for m in memberships if m.organisation_id == request.session.get(SESSION_KEY)),
        memberships[0].organisation if memberships else None,
    )
    return {"my_memberships": memberships, "current_organisation": current}
