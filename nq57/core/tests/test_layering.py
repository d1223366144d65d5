"""The dependency rule of docs/architecture.md, enforced: an app imports only the apps below
it (and itself). `make lint` runs this file.

Layers, lowest first: core and the API kit (nq57.api's shared errors, paging, inputs) · orgs
and notices (what users are told; peers) · accounts · tasks · the apps built on tasks
(indicators, feedback, registry: peers, none imports another) · budget (money, linked to tasks
and to the registry's investment dossiers) · web (pages, rankings, the demo loader spanning
apps), privacy (data-subject requests, the breach register) and reports (official reports
as of a date, drawing on every app), peers · commitments (leaders' written commitments,
measured by tasks, indicators, databases and budget, signed as the reports are) · the annual
evaluation (every criterion, the rankings' public lists in web, reports' documents, the
commitments kept) · the API's composition
(nq57.api.urls), which mounts every app's endpoints. Tests and migrations are outside the rule.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]  # the nq57 package

LAYER_OF = {
    "core": 0,
    "api": 1,
    "orgs": 2,
    "notices": 2,
    "accounts": 3,
    "tasks": 4,
    "indicators": 5,
    "feedback": 5,
    "registry": 5,
    "budget": 6,
    "privacy": 7,
    "reports": 7,
    "commitments": 8,
    # The pages that span apps (the dashboard, the queue, the demo of every app) sit above
    # the apps they span; the evaluation reads the public ranking's links from them.
    "web": 9,
    "evaluation": 10,
    "api.urls": 11,
}
OUTSIDE_THE_RULE = {"conftest.py", "oidc_fixtures.py"}  # test support at the package root


def unit_of(module: str) -> str | None:
    """The layered unit a dotted module name (nq57.x.y) belongs to."""
    parts = module.split(".")
    if len(parts) < 2 or parts[0] != "nq57":
        return None
    if parts[1] == "api" and len(parts) > 2 and parts[2] == "urls":
        return "api.urls"
    return parts[1] if parts[1] in LAYER_OF else None


def source_modules() -> list[Path]:
    return sorted(
        path
        for path in ROOT.rglob("*.py")
        if "tests" not in path.parts
        and "migrations" not in path.parts
        and path.name not in OUTSIDE_THE_RULE
    )


def dotted(path: Path) -> str:
    relative = path.relative_to(ROOT.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, module: str) -> list[tuple[int, str]]:
    """Every module imported anywhere in the file of `module` (function-level imports
    included), relative imports resolved."""
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            found.append((node.lineno, name))
            # `from nq57.api import urls` names a module in its alias
            found.extend((node.lineno, f"{name}.{alias.name}") for alias in node.names)
    return found


def violations() -> list[str]:
    problems = []
    for path in source_modules():
        importer = unit_of(dotted(path))
        if importer is None:
            continue
        for line, name in imported_modules(path, dotted(path)):
            imported = unit_of(name)
            if imported is None or imported == importer:
                continue
            if LAYER_OF[imported] >= LAYER_OF[importer]:
                where = path.relative_to(ROOT.parent)
                problems.append(f"{where}:{line}: {importer} imports {name} ({imported})")
    return sorted(set(problems))


def test_no_app_imports_an_app_at_its_level_or_above() -> None:
    assert violations() == []


@pytest.mark.parametrize(
    ("module", "unit"),
    [
        ("nq57.core.audit", "core"),
        ("nq57.api.errors", "api"),
        ("nq57.api.urls", "api.urls"),
        ("nq57.tasks.api.views", "tasks"),
        ("django.db", None),
        ("nq57", None),
    ],
)
def test_modules_are_placed_in_their_layer(module: str, unit: str | None) -> None:
    assert unit_of(module) == unit


def test_the_rule_reads_every_kind_of_import(tmp_path: Path) -> None:
    source = tmp_path / "probe.py"
    source.write_text(
        "import nq57.web.views\n"
        "from .models import X\n"
        "from ..tasks import rollups\n"
        "def later():\n"
        "    from nq57.feedback.models import Item\n"
    )
    names = {name for _, name in imported_modules(source, "nq57.orgs.probe")}
    assert {"nq57.web.views", "nq57.orgs.models", "nq57.tasks", "nq57.tasks.rollups"} <= names
    assert "nq57.feedback.models" in names
    assert {unit_of(name) for name in names} == {"web", "orgs", "tasks", "feedback"}
