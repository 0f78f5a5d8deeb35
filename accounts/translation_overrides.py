"""Strings of django-allauth and Django whose Swedish translation we correct or supply.

Listing the messages here puts them in our own catalogue (locale/sv), which Django consults before
allauth's and Django's own. allauth's Swedish catalogue spells "Epost" where we write "E-post", and it
translates the login page's "sign up first" hint as if it were the signup page's "sign in" hint.
Django's Swedish catalogue lacks the empty choice of a choice list, new in Django 6.1, which would
otherwise read "- Select an option -" on every form with one.
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
    # allauth's Swedish says "epost-verification" and "mail" here.
    gettext_noop(
        'This email confirmation link expired or is invalid. Please <a href="%(email_url)s">issue a new '
        "email confirmation request</a>."
    ),
    gettext_noop(
        "We have sent an email to you for verification. Follow the link provided to finalize the signup "
        "process. If you do not see the verification email in your main inbox, check your spam folder. "
        "Please contact us if you do not receive the verification email within a few minutes."
    ),
    gettext_noop(
        "We have sent an email to you for\nverification. Please click on the link inside that email. If you "
        "do not see the verification email in your main inbox, check your spam folder. Otherwise\ncontact "
        "us if you do not receive it within a few minutes."
    ),
]

DJANGO_OVERRIDES = [
    gettext_noop("- Select an option -"),
]
