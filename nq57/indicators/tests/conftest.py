"""The indicators' test fixtures."""

from __future__ import annotations

from typing import Any

import pytest

from nq57.core.actors import SYSTEM
from nq57.indicators.models import DataSet
from nq57.indicators.services import catalogue_load


@pytest.fixture
def catalogue(db: Any) -> DataSet:
    """The built-in catalogue, and its data set of public services (monthly, VPCP monitors)."""
    catalogue_load(SYSTEM)
    return DataSet.objects.select_related("monitor").get(code="public_services")
