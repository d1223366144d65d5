"""Every read of the indicator system, one module per seam: figures (from the rollups
only), the indicator pages, the catalogue, the periods the pages offer, forms and their
completeness, the entry page's choice, and what the composite ranking reads. Callers
import them from here (`selectors.figures(...)`)."""

from .catalogue import (
    CataloguePage,
    catalogue_page,
    dataset_choices,
    element_list,
    get_element,
    indicators_with_terms,
    may_add,
    monitor_choices,
    target_list,
    target_org_choices,
    target_rows,
)
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
from .periods import (
    PeriodGroup,
    PeriodOption,
    kinds_from,
    latest_period_with_data,
    opening_period,
    period_options,
)
from .ranking import forms_on_time_by_org, kpi_attainment_by_org, ranking_weights
from .visibility import figure_for, figures_for, values_for

__all__ = [
    "Card",
    "CataloguePage",
    "CompletenessRow",
    "EntryChoice",
    "FigureKey",
    "FormValue",
    "FormWithValues",
    "FormsPage",
    "IndicatorPage",
    "IndicatorValue",
    "OrgFigure",
    "PeriodGroup",
    "PeriodOption",
    "Scope",
    "catalogue_page",
    "completeness",
    "dataset_choices",
    "element_list",
    "entry_choice",
    "figure_for",
    "figures",
    "figures_for",
    "form_with_values",
    "forms_on_time_by_org",
    "forms_page",
    "forms_to_decide",
    "get_dataset",
    "get_element",
    "get_indicator",
    "get_submission_for_user",
    "indicator_page",
    "indicator_value",
    "indicators_with_terms",
    "kinds_from",
    "kpi_attainment_by_org",
    "latest_period_with_data",
    "may_add",
    "monitor_choices",
    "opening_period",
    "overview",
    "period_for",
    "period_options",
    "period_or_current",
    "ranking_weights",
    "scope_from",
    "submission_list",
    "target_list",
    "target_org_choices",
    "target_rows",
    "values_for",
    "with_values",
]
