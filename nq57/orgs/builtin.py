"""The organisations NQ57 knows out of the box (DESIGN.md §6) and the administrative divisions."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .choices import OrgKind


@dataclass(frozen=True)
class OrgSpec:
    code: str
    name_vi: str
    name_en: str
    kind: OrgKind
    parent_code: str | None = None
    short_names: tuple[str, ...] = ()


DATA = Path(__file__).resolve().parent / "data"


def _central_bodies() -> tuple[OrgSpec, ...]:
    """The steering committees, ministries and agencies (DESIGN.md §6), from
    data/central_bodies.json: a list of {code, name_vi, name_en, kind[, parent_code,
    short_names]} that the secretariat can read and correct without reading Python."""
    rows = json.loads((DATA / "central_bodies.json").read_text(encoding="utf-8"))
    return tuple(
        OrgSpec(
            row["code"],
            row["name_vi"],
            row["name_en"],
            OrgKind(row["kind"]),
            parent_code=row.get("parent_code"),
            short_names=tuple(row.get("short_names", ())),
        )
        for row in rows
    )


CENTRAL_BODIES = _central_bodies()

# By the names of the package's division types, so that the package loads only when the
# divisions are read (`load_orgs`), not with every process.
_PROVINCE_PREFIXES = {
    "THANH_PHO_TRUNG_UONG": ("Thành phố ", "City"),
    "TINH": ("Tỉnh ", "Province"),
}
_COMMUNE_PREFIXES = {
    "XA": ("Xã ", "Commune"),
    "PHUONG": ("Phường ", "Ward"),
    "DAC_KHU": ("Đặc khu ", "Special Zone"),
}


def _english(name_vi: str, prefixes: tuple[str, str]) -> tuple[str, str]:
    """('Hà Nội City', 'Hà Nội') from 'Thành phố Hà Nội'."""
    prefix_vi, suffix_en = prefixes
    bare = name_vi.removeprefix(prefix_vi)
    return f"{bare} {suffix_en}", bare


def province_code(number: int) -> str:
    return f"{number:02d}"


def commune_code(number: int) -> str:
    return f"{number:05d}"


def administrative_divisions() -> Iterator[OrgSpec]:
    """The 34 provinces, then the 3,321 communes, from the `vietnam-provinces` package."""
    from vietnam_provinces import Province, VietNamDivisionType, Ward

    for province in sorted(Province.iter_all(), key=lambda p: int(p.code)):
        prefixes = _PROVINCE_PREFIXES[province.division_type.name]
        name_en, bare = _english(province.name, prefixes)
        if province.division_type == VietNamDivisionType.THANH_PHO_TRUNG_UONG:
            short = [f"Thành phố {bare}", f"TP. {bare}", f"TP {bare}", f"UBND thành phố {bare}"]
        else:
            short = [f"Tỉnh {bare}", f"UBND tỉnh {bare}"]
        short.append(bare)
        yield OrgSpec(
            province_code(int(province.code)),
            province.name,
            name_en,
            OrgKind.PROVINCE,
            short_names=tuple(short),
        )
    for ward in sorted(Ward.iter_all(), key=lambda w: int(w.code)):
        name_en, _bare = _english(ward.name, _COMMUNE_PREFIXES[ward.division_type.name])
        yield OrgSpec(
            commune_code(int(ward.code)),
            ward.name,
            name_en,
            OrgKind.COMMUNE,
            parent_code=province_code(int(ward.province_code)),
        )


def all_builtin() -> Iterator[OrgSpec]:
    yield from CENTRAL_BODIES
    yield from administrative_divisions()
