"""E-mail backends for tests: a mail server that is down, a worker killed while sending, and one that
refuses to send while a database transaction is open."""

from smtplib import SMTPServerDisconnected

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import connection


class FailingBackend(BaseEmailBackend):
    """Every send fails as an unreachable SMTP server does."""

    def send_messages(self, email_messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")


FAILING_MAILERS = {"default": {"BACKEND": "tests.mail_backends.FailingBackend"}}


class WorkerKilled(BaseException):
    """The worker process is killed: like SystemExit, no `except Exception` stops it."""


class DyingBackend(LocmemBackend):
    """The e-mail goes out (to mail.outbox), then the worker is killed before it can record that."""

    def send_messages(self, email_messages):
        super().send_messages(email_messages)
        raise WorkerKilled


DYING_MAILERS = {"default": {"BACKEND": "tests.mail_backends.DyingBackend"}}


class NoTransactionBackend(LocmemBackend):
    """Refuses to send while a database transaction is open: a slow mail server would hold its locks.
    Only meaningful in transactional tests (otherwise the test itself runs in a transaction)."""

    def send_messages(self, email_messages):
        if connection.in_atomic_block:
            raise RuntimeError("e-mail sent while a database transaction is open")
        return super().send_messages(email_messages)


NO_TRANSACTION_MAILERS = {"default": {"BACKEND": "tests.mail_backends.NoTransactionBackend"}}
LOCMEM_MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
