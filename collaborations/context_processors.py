from collaborations.permissions import memberships_for_request

SESSION_KEY = "current_organisation"


def organisations(request):
    """The user's organisations and the current one, for the top bar's switcher."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    memberships = memberships_for_request(request)
    current = next(
        (m.organisation for m in memberships if m.organisation_id == request.session.get(SESSION_KEY)),
        memberships[0].organisation if memberships else None,
    )
    return {"my_memberships": memberships, "current_organisation": current}
