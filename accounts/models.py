from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who logs in with e-mail and password; there is no username."""

    username = None
    email = models.EmailField(_("email address"), unique=True)
    # What the person does, shown after the name where it matters ("Anna Andersson, trygghetssamordnare").
    title = models.CharField(_("title"), max_length=150, blank=True, default="", db_default="")
    # Set when the person deleted their account: the row stays, anonymised, so that what they did in
    # a collaboration (answers, the event log) keeps pointing at "Deleted user #<id>".
    deleted_at = models.DateTimeField(_("account deleted"), null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.display_name

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def name(self) -> str:
        """The person's name, or "" while they have given none (the address stands in elsewhere)."""
        return "" if self.is_deleted else self.get_full_name()

    @property
    def display_name(self) -> str:
        """The name, or the e-mail address while there is no name: how the person is shown."""
        if self.is_deleted:
            return gettext("Deleted user #%(number)s") % {"number": self.pk}
        return self.get_full_name() or self.email

    @property
    def name_and_title(self) -> str:
        """The name followed by the title ("Anna Andersson, trygghetssamordnare"), as a signature would."""
        if self.is_deleted or not self.title.strip():
            return self.display_name
        return f"{self.display_name}, {self.title.strip()}"
