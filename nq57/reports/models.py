"""Issued reports: a progress report as its leader signed it, filed by the secretariat. The
file is kept exactly as signed; what it states (its day, the digest of its figures, its
signer) is read from the file when it is filed, never typed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def issued_path(instance: IssuedReport, filename: str) -> str:
    return f"reports/{instance.as_of:%Y}/{instance.file_sha256}.pdf"


class IssuedReport(models.Model):
    number = models.CharField(_("number"), max_length=60, blank=True)
    as_of = models.DateField(_("as of"))
    due_by = models.DateField(_("remaining work counted to"))
    digest = models.CharField(_("figures' digest"), max_length=64)
    signer = models.CharField(_("signed by"), max_length=300)
    file = models.FileField(upload_to=issued_path)
    # The same file filed twice is one report: refused the second time.
    file_sha256 = models.CharField(max_length=64, unique=True)
    size = models.PositiveIntegerField()
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("issued report")
        ordering = ["-as_of", "-filed_at"]

    def __str__(self) -> str:
        return self.number or f"{self.as_of:%d/%m/%Y}"
