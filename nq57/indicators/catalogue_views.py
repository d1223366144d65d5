"""The catalogue's pages: the list of data sets, elements and indicators, the forms that
create and change an element or an indicator, and an indicator's targets. Officials see
them all; only the secretariat and the monitoring organisation's deciders change them
(anyone else who asks to is refused: 403). Thin: the services check and write."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nq57.core.errors import DomainError, NotPermitted
from nq57.tasks.forms import show_domain_error

from . import permissions, selectors, services
from .forms import MAX_TERMS, DataElementForm, IndicatorForm, TargetForm
from .models import DataElement, Indicator
from .services.catalogue_edit import INDICATOR_FIELDS, plain
from .services.elements import ELEMENT_FIELDS


@login_required
def catalogue_page(request: HttpRequest) -> HttpResponse:
    """Every data set with its elements and every indicator with its formula."""
    page = selectors.catalogue_page(request.user)
    return render(request, "indicators/catalogue.html", {"page": page})


def _save(request: HttpRequest, form: Any, write: Callable[[], Any], done: str) -> bool:
    """Run the service when the form parses; its refusal is a 403, its problems go beside
    the fields. Whether it wrote."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        write()
    except NotPermitted:
        raise PermissionDenied from None
    except DomainError as failure:
        show_domain_error(form, failure)
        return False
    messages.success(request, done)
    return True


@login_required
def element_create_page(request: HttpRequest) -> HttpResponse:
    datasets = selectors.dataset_choices(request.user)
    if not datasets:
        raise PermissionDenied
    form = DataElementForm(request.POST or None, datasets=datasets)
    if _save(
        request,
        form,
        lambda: services.data_element_create(request.user, **form.cleaned_data),
        _("Data element created."),
    ):
        return redirect(f"{reverse('indicators:catalogue')}#elements")
    return _element_page(request, form, None)


@login_required
def element_edit_page(request: HttpRequest, code: str) -> HttpResponse:
    element = selectors.get_element(code)
    if not permissions.can_edit_catalogue(request.user, element.dataset.monitor):
        raise PermissionDenied
    datasets = selectors.dataset_choices(request.user, element.dataset)
    initial = {
        "dataset": element.dataset.code,
        **{name: getattr(element, name) for name in ELEMENT_FIELDS},
    }
    form = DataElementForm(request.POST or None, initial=initial, datasets=datasets, editing=True)
    if _save(
        request,
        form,
        lambda: services.data_element_update(request.user, element=element, **form.cleaned_data),
        _("Data element saved."),
    ):
        return redirect(f"{reverse('indicators:catalogue')}#elements")
    return _element_page(request, form, element)


def _element_page(request: HttpRequest, form: Any, element: DataElement | None) -> HttpResponse:
    context = {"form": form, "element": element}
    return render(request, "indicators/element_form.html", context)


@login_required
def indicator_create_page(request: HttpRequest) -> HttpResponse:
    monitors = selectors.monitor_choices(request.user)
    if not monitors:
        raise PermissionDenied
    form = IndicatorForm(
        request.POST or None, elements=list(selectors.element_list()), monitors=monitors
    )
    created: list[Indicator] = []
    if _save(
        request,
        form,
        lambda: created.append(services.indicator_create(request.user, **form.service_values())),
        _("Indicator created: set its targets here."),
    ):
        return redirect("indicators:targets", code=created[0].code)
    return _indicator_page(request, form, None)


@login_required
def indicator_edit_page(request: HttpRequest, code: str) -> HttpResponse:
    indicator = selectors.get_indicator(code)
    if not permissions.can_edit_catalogue(request.user, indicator.monitor):
        raise PermissionDenied
    terms = [term.element.code for term in indicator.terms.select_related("element")]
    initial = {
        **{name: getattr(indicator, name) for name in INDICATOR_FIELDS[:-3]},
        "factor": plain(indicator.factor),
        "monitor": indicator.monitor.code,
        "description": indicator.description,
        **{f"term_{n}": code for n, code in enumerate(terms[:MAX_TERMS], start=1)},
    }
    form = IndicatorForm(
        request.POST or None,
        initial=initial,
        elements=list(selectors.element_list()),
        monitors=selectors.monitor_choices(request.user, indicator.monitor),
        editing=True,
    )
    if _save(
        request,
        form,
        lambda: services.indicator_update(
            request.user, indicator=indicator, **form.service_values()
        ),
        _("Indicator saved; its figures follow at once."),
    ):
        return redirect(f"{reverse('indicators:catalogue')}#indicators")
    return _indicator_page(request, form, indicator)


def _indicator_page(request: HttpRequest, form: Any, indicator: Indicator | None) -> HttpResponse:
    context = {"form": form, "indicator": indicator}
    return render(request, "indicators/indicator_form.html", context)


@login_required
def targets_page(request: HttpRequest, code: str) -> HttpResponse:
    """An indicator's targets, by organisation and period; one is added or changed at a
    time, its period picked from the named periods of the indicator's kind or longer."""
    indicator = selectors.get_indicator(code)
    may_edit = permissions.can_edit_catalogue(request.user, indicator.monitor)
    today = timezone.localdate()
    form = TargetForm(request.POST or None, initial={"period": str(today.year)})
    if request.method == "POST" and not may_edit:
        raise PermissionDenied
    if _save(
        request,
        form,
        lambda: services.target_set(request.user, indicator=indicator, **form.cleaned_data),
        _("Target saved."),
    ):
        return redirect("indicators:targets", code=indicator.code)
    if form.errors:
        messages.error(request, _("The target was not saved: correct what is marked below."))
    kinds = selectors.kinds_from(indicator.period_type)
    context = {
        "indicator": indicator,
        "rows": selectors.target_rows(indicator),
        "form": form,
        "may_edit": may_edit,
        "period_groups": selectors.period_options(
            kinds, today=today, years_back=1, years_ahead=5, started_only=False
        ),
        "baseline_groups": selectors.period_options(kinds, today=today, years_back=5),
        "orgs": selectors.target_org_choices() if may_edit else [],
    }
    return render(request, "indicators/targets.html", context)
