"""A small form posted from a page that is shown again elsewhere (the profile's sections):
its problems, the form's and the service's, become messages naming the field."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest

from .errors import ValidationFailed


def add_service_errors(form: forms.Form, failure: ValidationFailed) -> None:
    """The service's refusals beside the form's fields (or the form's own when unknown)."""
    for name, problems in failure.fields.items():
        for problem in problems:
            form.add_error(name if name in form.fields else None, problem)


def flash_errors(request: HttpRequest, form: forms.Form) -> bool:
    """Each problem of the form as an error message "Field: problem"; whether there were any."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))
    return bool(form.errors)
