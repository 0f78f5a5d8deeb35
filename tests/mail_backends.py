"""E-mail backends for tests: a mail server that is down."""

from smtplib import SMTPServerDisconnected

from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    """Every send fails as an unreachable SMTP server does."""

    def send_messages(self, email_messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")


FAILING_MAILERS = {"default": {"BACKEND": "tests.mail_backends.FailingBackend"}}
