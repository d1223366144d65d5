"""The organisations NQ57 knows out of the box (DESIGN.md §6) and the administrative divisions."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from vietnam_provinces import Province, VietNamDivisionType, Ward

from .choices import OrgKind


@dataclass(frozen=True)
class OrgSpec:
    code: str
    name_vi: str
    name_en: str
    kind: OrgKind
    parent_code: str | None = None
    short_names: tuple[str, ...] = ()


CENTRAL_BODIES: tuple[OrgSpec, ...] = (
    OrgSpec(
        "BCDTW",
        "Ban Chỉ đạo Trung ương về phát triển khoa học, công nghệ, đổi mới sáng tạo và "
        "chuyển đổi số",
        "Central Steering Committee on Science, Technology, Innovation and Digital Transformation",
        OrgKind.STEERING_COMMITTEE,
    ),
    OrgSpec(
        "BCDCP",
        "Ban Chỉ đạo của Chính phủ về phát triển khoa học, công nghệ, đổi mới sáng tạo, "
        "chuyển đổi số và Đề án 06",
        "Government Steering Committee on Science, Technology, Innovation, Digital "
        "Transformation and Project 06",
        OrgKind.STEERING_COMMITTEE,
    ),
    OrgSpec("BQP", "Bộ Quốc phòng", "Ministry of National Defence", OrgKind.MINISTRY),
    OrgSpec("BCA", "Bộ Công an", "Ministry of Public Security", OrgKind.MINISTRY),
    OrgSpec("BNG", "Bộ Ngoại giao", "Ministry of Foreign Affairs", OrgKind.MINISTRY),
    OrgSpec("BNV", "Bộ Nội vụ", "Ministry of Home Affairs", OrgKind.MINISTRY),
    OrgSpec("BTP", "Bộ Tư pháp", "Ministry of Justice", OrgKind.MINISTRY),
    OrgSpec("BTC", "Bộ Tài chính", "Ministry of Finance", OrgKind.MINISTRY),
    OrgSpec("BCT", "Bộ Công Thương", "Ministry of Industry and Trade", OrgKind.MINISTRY),
    OrgSpec(
        "BNNMT",
        "Bộ Nông nghiệp và Môi trường",
        "Ministry of Agriculture and Environment",
        OrgKind.MINISTRY,
    ),
    OrgSpec("BXD", "Bộ Xây dựng", "Ministry of Construction", OrgKind.MINISTRY),
    OrgSpec(
        "BVHTTDL",
        "Bộ Văn hóa, Thể thao và Du lịch",
        "Ministry of Culture, Sports and Tourism",
        OrgKind.MINISTRY,
    ),
    OrgSpec(
        "BKHCN",
        "Bộ Khoa học và Công nghệ",
        "Ministry of Science and Technology",
        OrgKind.MINISTRY,
    ),
    OrgSpec(
        "BGDDT", "Bộ Giáo dục và Đào tạo", "Ministry of Education and Training", OrgKind.MINISTRY
    ),
    OrgSpec("BYT", "Bộ Y tế", "Ministry of Health", OrgKind.MINISTRY),
    OrgSpec(
        "BDTTG",
        "Bộ Dân tộc và Tôn giáo",
        "Ministry of Ethnic and Religious Affairs",
        OrgKind.MINISTRY,
    ),
    OrgSpec(
        "NHNN", "Ngân hàng Nhà nước Việt Nam", "State Bank of Viet Nam", OrgKind.MINISTRY_AGENCY
    ),
    OrgSpec("TTCP", "Thanh tra Chính phủ", "Government Inspectorate", OrgKind.MINISTRY_AGENCY),
    OrgSpec("VPCP", "Văn phòng Chính phủ", "Office of the Government", OrgKind.MINISTRY_AGENCY),
)

_PROVINCE_PREFIXES = {
    VietNamDivisionType.THANH_PHO_TRUNG_UONG: ("Thành phố ", "City"),
    VietNamDivisionType.TINH: ("Tỉnh ", "Province"),
}
_COMMUNE_PREFIXES = {
    VietNamDivisionType.XA: ("Xã ", "Commune"),
    VietNamDivisionType.PHUONG: ("Phường ", "Ward"),
    VietNamDivisionType.DAC_KHU: ("Đặc khu ", "Special Zone"),
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
    for province in sorted(Province.iter_all(), key=lambda p: int(p.code)):
        name_en, bare = _english(province.name, _PROVINCE_PREFIXES[province.division_type])
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
        name_en, _bare = _english(ward.name, _COMMUNE_PREFIXES[ward.division_type])
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
