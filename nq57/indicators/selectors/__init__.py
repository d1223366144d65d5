"""Every read of the indicator system, one module per seam: figures (from the rollups
only), the indicator pages, forms and their completeness, the entry page's choice, and
what the composite ranking reads. Callers import them from here (`selectors.figures(...)`)."""

from .entry import EntryChoice, entry_choice
from .figures import (
    FigureKey,
    IndicatorValue,
    Scope,
    figures,
    get_indicator,
    indicator_value,
    period_for,
    period_or_current,
    scope_from,
)
from .form_values import FormValue, FormWithValues, form_with_values, with_values
from .forms import (
    CompletenessRow,
    FormsPage,
    completeness,
    forms_page,
    forms_to_decide,
    get_dataset,
    get_submission_for_user,
    submission_list,
)
from .pages import Card, IndicatorPage, OrgFigure, indicator_page, overview
from .ranking import forms_on_time_by_org, kpi_attainment_by_org, ranking_weights
from .visibility import figure_for, figures_for, values_for

__all__ = [
    "Card",
    "CompletenessRow",
    "EntryChoice",
    "FigureKey",
    "FormValue",
    "FormWithValues",
    "FormsPage",
    "IndicatorPage",
    "IndicatorValue",
    "OrgFigure",
    "Scope",
    "completeness",
    "entry_choice",
    "figure_for",
    "figures",
    "figures_for",
    "form_with_values",
    "forms_on_time_by_org",
    "forms_page",
    "forms_to_decide",
    "get_dataset",
    "get_indicator",
    "get_submission_for_user",
    "indicator_page",
    "indicator_value",
    "kpi_attainment_by_org",
    "overview",
    "period_for",
    "period_or_current",
    "ranking_weights",
    "scope_from",
    "submission_list",
    "values_for",
    "with_values",
]
