"""The evaluation's band schemes, held as data: each version as the secretariat loaded or
edited it (the file `data/bands.json` is the reviewed source; `load_bands` loads it)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .rules import Scheme, SchemeError, scheme_from


class BandScheme(models.Model):
    """One version of the bands the Ministry of Home Affairs sets, as data."""

    version = models.CharField(_("version"), max_length=40, unique=True)
    valid_from = models.DateField(_("valid from"))
    source = models.TextField(_("source text"))
    weights = models.JSONField(_("criteria weights"), default=dict)
    thresholds = models.JSONField(_("band thresholds"), default=dict)
    criticism = models.JSONField(_("criticism limits"), default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-valid_from", "-version"]
        verbose_name = _("evaluation band scheme")
        verbose_name_plural = _("evaluation band schemes")

    def __str__(self) -> str:
        return self.version

    def as_data(self) -> dict[str, Any]:
        valid_from = self.valid_from
        return {
            "version": self.version,
            "valid_from": valid_from.isoformat() if isinstance(valid_from, date) else valid_from,
            "source": self.source,
            "weights": self.weights,
            "thresholds": self.thresholds,
            "criticism": self.criticism,
        }

    def as_scheme(self) -> Scheme:
        return scheme_from(self.as_data())

    def clean(self) -> None:
        try:
            self.as_scheme()
        except SchemeError as problem:
            raise ValidationError(str(problem)) from None
