"""The built-in organisation tree and look-up by code or name."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from nq57.orgs.builtin import CENTRAL_BODIES
from nq57.orgs.lookup import OrgDirectory, OrgLookupError, resolve_org
from nq57.orgs.models import Organization

pytestmark = pytest.mark.django_db

DESIGN_CODES = [
    "BCDTW",
    "BCDCP",
    "BQP",
    "BCA",
    "BNG",
    "BNV",
    "BTP",
    "BTC",
    "BCT",
    "BNNMT",
    "BXD",
    "BVHTTDL",
    "BKHCN",
    "BGDDT",
    "BYT",
    "BDTTG",
    "NHNN",
    "TTCP",
    "VPCP",
]
# The other central bodies that receive tasks and budget (DESIGN.md §6), then the National
# Data Centre under the Ministry of Public Security.
OTHER_CENTRAL_CODES = [
    "VPTW",
    "VPQH",
    "VPCTN",
    "TANDTC",
    "VKSNDTC",
    "KTNN",
    "MTTQ",
    "VHLKHCN",
    "VHLKHXH",
    "DTHVN",
    "DTNVN",
    "TTXVN",
    "DHQGHN",
    "DHQGHCM",
    "UBKTTW",
    "TTDLQG",
]
BUILT_IN_COUNT = 19 + 16 + 34 + 3321


def test_the_built_in_tree_has_the_official_counts() -> None:
    kinds = Organization.objects.values_list("kind", flat=True)
    assert list(kinds).count("province") == 34
    assert list(kinds).count("commune") == 3321
    assert list(kinds).count("steering_committee") == 2
    assert list(kinds).count("ministry") + list(kinds).count("ministry_agency") == 17
    assert [spec.code for spec in CENTRAL_BODIES] == DESIGN_CODES + OTHER_CENTRAL_CODES
    assert Organization.objects.get(code="TTDLQG").path == "/BCA/TTDLQG/"
    assert Organization.objects.get(code="TANDTC").name_vi == "Tòa án nhân dân tối cao"
    assert Organization.objects.count() == BUILT_IN_COUNT
    communes = Organization.objects.filter(kind="commune")
    assert {c.name_vi.split()[0] for c in communes} == {"Xã", "Phường", "Đặc"}
    assert communes.filter(name_vi__startswith="Đặc khu").count() == 13
    assert communes.filter(name_vi__startswith="Phường").count() == 687


def test_codes_have_the_official_shape_and_communes_sit_under_their_province() -> None:
    hanoi = Organization.objects.get(code="01")
    assert hanoi.name_vi == "Thành phố Hà Nội"
    assert Organization.objects.get(code="96").name_vi == "Cà Mau"  # as the package names it
    assert all(len(o.code) == 2 for o in Organization.objects.filter(kind="province"))
    assert all(len(o.code) == 5 for o in Organization.objects.filter(kind="commune"))
    hoan_kiem = Organization.objects.get(code="00070")
    assert hoan_kiem.parent == hanoi
    assert hoan_kiem.is_within(hanoi)
    assert Organization.objects.subtree_of(hanoi).count() == 1 + hanoi.children.count()


def test_groups_central_and_local() -> None:
    assert set(Organization.objects.filter(group="central").values_list("code", flat=True)) == set(
        DESIGN_CODES + OTHER_CENTRAL_CODES
    )
    assert Organization.objects.filter(group="local").count() == 34 + 3321


def test_load_orgs_is_idempotent() -> None:
    out = io.StringIO()
    call_command("load_orgs", stdout=out)
    assert out.getvalue().splitlines()[0] == (
        f"organisations: 0 created, 0 updated, {BUILT_IN_COUNT} unchanged"
    )
    again = io.StringIO()
    call_command("load_orgs", stdout=again)
    assert again.getvalue().splitlines()[1] == (
        "remits: 0 created, 0 updated, 0 kept as the secretariat edited them"
    )


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("BKHCN", "BKHCN"),
        ("bkhcn", "BKHCN"),
        ("  Bộ Khoa học và Công nghệ ", "BKHCN"),
        ("BỘ KHOA HỌC VÀ CÔNG NGHỆ", "BKHCN"),
        ("Bo\u0323\u0302 Y te\u0302\u0301", "BYT"),
        ("Thành phố Hà Nội", "01"),
        ("Hà Nội", "01"),
        ("TP. Hồ Chí Minh", "79"),
        ("Phường Hoàn Kiếm", "00070"),
        ("00070", "00070"),
        ("Ministry of Health", "BYT"),
        ("Cà Mau", "96"),
        ("Tỉnh Cà Mau", "96"),
        ("UBND tỉnh Cà Mau", "96"),
        # The tone of a final "oa" on either vowel: old and new spelling.
        ("Bộ Văn hoá, Thể thao và Du lịch", "BVHTTDL"),
        ("Tỉnh Khánh Hoà", "56"),
    ],
)
def test_lookup_by_code_or_name(text: str, code: str) -> None:
    assert resolve_org(text).code == code
    assert OrgDirectory.load().code_of[OrgDirectory.load().resolve(text)] == code


def test_spreadsheet_numbers_resolve_only_when_one_code_fits() -> None:
    directory = OrgDirectory.load()
    assert directory.code_of[directory.resolve("1")] == "01"  # no commune 00001
    assert directory.code_of[directory.resolve("70")] == "00070"  # no province 70
    with pytest.raises(OrgLookupError, match="give the code"):
        directory.resolve("4")  # province 04 or commune 00004


def test_an_ambiguous_name_asks_for_the_code() -> None:
    with pytest.raises(OrgLookupError, match="give the code"):
        resolve_org("Xã Tân Phú")
    with pytest.raises(OrgLookupError, match="unknown organisation"):
        resolve_org("Bộ Tài nguyên và Môi trường")  # merged into BNNMT in 2025
