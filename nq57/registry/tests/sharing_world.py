"""A small world for the data-sharing tests: a database of the Ministry of Science and
Technology (the provider), Hà Nội asking for its data, the Ministry of Public Security as
the competent authority, and officials of each side and of an unrelated ministry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from nq57.accounts.models import User
from nq57.accounts.services import user_create
from nq57.core.actors import SYSTEM
from nq57.orgs.models import Organization
from nq57.registry.models import Database, SharingRequest
from nq57.registry.services import database_save
from nq57.registry.sharing import services

PASSWORD = "correct horse battery staple"  # nosec B105  # test value, never a production secret
JUSTIFICATION = (
    "Cơ sở dữ liệu chứa thông tin cá nhân nhạy cảm của nhà khoa học, chưa có sự đồng ý "
    "của chủ thể dữ liệu theo Nghị định 13/2023/NĐ-CP."
)
# A Monday with ten working days after it free of holidays: due Monday 16 March 2026.
MONDAY = date(2026, 3, 2)


@dataclass
class World:
    database: Database
    own_database: Database
    provider: User
    provider_viewer: User
    requester: User
    authority: User
    authority_reporter: User
    stranger: User
    secretariat: User
    inspector: User


def official(code: str, role: str, name: str) -> User:
    return user_create(
        SYSTEM,
        username=name,
        password=PASSWORD,
        organization=Organization.objects.get(code=code),
        role=role,
        full_name=name.replace("-", " ").title(),
    )


def build() -> World:
    database, _ = database_save(
        SYSTEM,
        code="CSDL-KHCN",
        name="Cơ sở dữ liệu quốc gia về khoa học và công nghệ",
        kind="national",
        owner=Organization.objects.get(code="BKHCN"),
    )
    own, _ = database_save(
        SYSTEM,
        code="CSDL-HN",
        name="Cơ sở dữ liệu dân cư Hà Nội",
        kind="specialised",
        owner=Organization.objects.get(code="01"),
    )
    return World(
        database=database,
        own_database=own,
        provider=official("BKHCN", "reporter", "provider-reporter"),
        provider_viewer=official("BKHCN", "viewer", "provider-viewer"),
        requester=official("01", "reporter", "hanoi-reporter"),
        authority=official("BCA", "approver", "bca-approver"),
        authority_reporter=official("BCA", "reporter", "bca-reporter"),
        stranger=official("BTC", "approver", "btc-approver"),
        secretariat=official("BCDTW", "secretariat", "secretariat"),
        inspector=official("UBKTTW", "inspector", "inspector"),
    )


def submit(world: World, on: date = MONDAY) -> SharingRequest:
    return services.sharing_request_submit(
        world.requester,
        database=world.database,
        requester=Organization.objects.get(code="01"),
        fields_requested="Mã nhà khoa học; lĩnh vực; đơn vị công tác",
        purpose="Xét duyệt hồ sơ đề tài cấp thành phố",
        legal_basis="Nghị định 47/2020/NĐ-CP",
        on=on,
    )


def refuse(world: World, request: SharingRequest, on: date = MONDAY) -> SharingRequest:
    return services.sharing_request_refuse(
        world.provider,
        request=request,
        basis="personal_data",
        justification=JUSTIFICATION,
        on=on,
    )
