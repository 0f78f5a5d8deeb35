"""Who signs the agreement for each signing party, and with what authority: a firmatecknare (authorised
to sign for the organisation by its registration), or a named person authorised by a decision — the
decision in words. The agreement's signature blocks show them; a signing party without one is a gap."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from collaborations.models import Party


class SignatoryAuthority(models.TextChoices):
    SIGNATORY = "signatory", _("Authorised signatory (firmatecknare)")
    DECISION = "decision", _("Authorised by a decision")


class Signatory(models.Model):
    party = models.OneToOneField(
        Party, on_delete=models.CASCADE, related_name="signatory", verbose_name=_("party")
    )
    name = models.CharField(_("name"), max_length=200)
    # Not known yet: the signature block leaves a line for it, written in when the agreement is signed.
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_("Leave it empty if it is not known: the agreement then leaves a line for it."),
    )
    authority = models.CharField(_("authority to sign"), max_length=12, choices=SignatoryAuthority.choices)
    decision = models.TextField(
        _("the decision that authorises them"),
        blank=True,
        help_text=_("For example: the board's decision of 12 March 2027, § 4."),
    )

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")

    def __str__(self):
        return f"{self.name}, {self.title}"

    @property
    def authority_in_words(self) -> str:
        if self.authority == SignatoryAuthority.DECISION:
            return _("Authorised by: %(decision)s") % {"decision": self.decision}
        return str(_("Authorised signatory (firmatecknare)"))
