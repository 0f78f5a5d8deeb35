from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """allauth's adapter, with one change for invitations.

    Following an invitation link stashes the invited address as verified in the session. allauth would
    give that address to whatever account is signed up next in the session; we give it only to an
    account signed up with that very address. Anyone else verifies their address by e-mail as usual.
    """

    def unstash_verified_email(self, request):
        stashed = super().unstash_verified_email(request)
        typed = request.POST.get("email", "") if request.method == "POST" else ""
        if stashed and typed.strip().lower() == stashed.lower():
            return stashed
        return None
