"""The registry's exchange file: its layout (`layout`), each row checked (`validate`) and the
whole file written all or nothing (`importer`)."""

from .importer import databases_import
from .layout import DATABASES

__all__ = ["DATABASES", "databases_import"]
