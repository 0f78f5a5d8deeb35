"""Strings of django-allauth whose Swedish translation we correct.

Listing the messages here puts them in our own catalogue (locale/sv), which Django consults before
allauth's. allauth's Swedish catalogue spells "Epost" where we write "E-post", and it translates the
login page's "sign up first" hint as if it were the signup page's "sign in" hint.
"""

from django.utils.translation import gettext_noop

ALLAUTH_OVERRIDES = [
    gettext_noop("If you have not created an account yet, then please %(link)ssign up%(end_link)s first."),
    gettext_noop("The email address and/or password you specified are not correct."),
    gettext_noop("The email address is not assigned to any user account."),
    gettext_noop("Email"),
    gettext_noop("Email address"),
    gettext_noop("Email Address"),
    gettext_noop("Email Addresses"),
    gettext_noop("Email (again)"),
    gettext_noop("Email (optional)"),
    gettext_noop("Email Verification"),
    gettext_noop("Email Changed"),
    gettext_noop("Email Confirmation"),
    gettext_noop("Email Removed"),
    gettext_noop("Email address %(deleted_email)s has been removed from your account."),
]
