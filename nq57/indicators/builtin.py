"""The built-in catalogue: the indicators the steering committees report, with the data
elements they are computed from, grouped into the forms organisations submit.

Facts only (names, formulas, the 2025 targets quoted in the committees' notices); loaded by
`manage.py load_indicators`, which may run again at any time.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from nq57.core.periods import PeriodType
from nq57.orgs.choices import OrgKind

from .choices import Direction, Formula, TimeAggregation, ValueType

SUM, LAST = TimeAggregation.SUM, TimeAggregation.LAST
COUNT, AMOUNT, BOOLEAN = ValueType.COUNT, ValueType.AMOUNT, ValueType.BOOLEAN


@dataclass(frozen=True)
class ElementSpec:
    code: str
    name_vi: str
    name_en: str
    value_type: ValueType = COUNT
    over_time: TimeAggregation = SUM


@dataclass(frozen=True)
class DataSetSpec:
    code: str
    name_vi: str
    name_en: str
    period_type: PeriodType
    monitor: str  # organisation code
    elements: tuple[ElementSpec, ...]
    due_days: int = 10
    reporters: tuple[OrgKind, ...] = (
        OrgKind.MINISTRY,
        OrgKind.MINISTRY_AGENCY,
        OrgKind.GOVERNMENT_AGENCY,
        OrgKind.PROVINCE,
        OrgKind.COMMUNE,
    )


@dataclass(frozen=True)
class TargetSpec:
    period: str
    value: Decimal
    org: str | None = None  # None: the national target
    baseline: Decimal | None = None
    baseline_period: str = ""


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name_vi: str
    name_en: str
    formula: Formula
    terms: tuple[str, ...]
    unit: str
    period_type: PeriodType
    monitor: str
    factor: Decimal = Decimal(1)
    direction: Direction = Direction.HIGHER
    targets: tuple[TargetSpec, ...] = ()


MONTH, QUARTER = PeriodType.MONTH, PeriodType.QUARTER
CENTRAL_AND_PROVINCES = (
    OrgKind.MINISTRY,
    OrgKind.MINISTRY_AGENCY,
    OrgKind.GOVERNMENT_AGENCY,
    OrgKind.PROVINCE,
)
PERCENT = Decimal(100)

DATA_SETS = (
    DataSetSpec(
        "public_services",
        "Dịch vụ công trực tuyến và hồ sơ",
        "Online public services and records",
        MONTH,
        "VPCP",
        elements=(
            ElementSpec(
                "records_total",
                "Tổng số hồ sơ thủ tục hành chính tiếp nhận",
                "Administrative-procedure records received",
            ),
            ElementSpec(
                "records_online",
                "Số hồ sơ tiếp nhận trực tuyến",
                "Records received online",
            ),
            ElementSpec(
                "records_digitised",
                "Số hồ sơ được số hóa kết quả giải quyết",
                "Records whose results were digitised",
            ),
            ElementSpec(
                "services_eligible",
                "Số thủ tục hành chính đủ điều kiện cung cấp trực tuyến toàn trình",
                "Procedures eligible to be offered fully online",
                over_time=LAST,
            ),
            ElementSpec(
                "services_full_process",
                "Số dịch vụ công trực tuyến toàn trình đã cung cấp",
                "Full-process online services offered",
                over_time=LAST,
            ),
            ElementSpec(
                "procedures_boundary_free",
                "Số thủ tục hành chính công bố thực hiện không phụ thuộc địa giới hành chính",
                "Procedures announced as doable regardless of administrative boundaries",
                over_time=LAST,
            ),
        ),
    ),
    DataSetSpec(
        "digital_infrastructure",
        "Hạ tầng số",
        "Digital infrastructure",
        MONTH,
        "BKHCN",
        reporters=(OrgKind.PROVINCE, OrgKind.COMMUNE),
        elements=(
            ElementSpec("population_total", "Dân số", "Population", over_time=LAST),
            ElementSpec(
                "population_5g",
                "Dân số được phủ sóng 5G",
                "Population covered by 5G",
                over_time=LAST,
            ),
            ElementSpec("stations_5g", "Số trạm phát sóng 5G", "5G base stations", over_time=LAST),
            ElementSpec(
                "commune_connected",
                "Xã được kết nối mạng truyền số liệu chuyên dùng",
                "Commune connected to the specialised data network",
                BOOLEAN,
                LAST,
            ),
            ElementSpec(
                "villages_no_mobile",
                "Số thôn, bản chưa có sóng di động",
                "Villages without mobile signal",
                over_time=LAST,
            ),
            ElementSpec(
                "villages_no_electricity",
                "Số thôn, bản chưa có điện lưới",
                "Villages without grid electricity",
                over_time=LAST,
            ),
        ),
    ),
    DataSetSpec(
        "legal_documents",
        "Văn bản quy phạm pháp luật",
        "Legal documents",
        QUARTER,
        "BTP",
        reporters=CENTRAL_AND_PROVINCES,
        elements=(
            ElementSpec("laws_issued", "Số luật được ban hành", "Laws issued"),
            ElementSpec("decrees_issued", "Số nghị định được ban hành", "Decrees issued"),
            ElementSpec("circulars_issued", "Số thông tư được ban hành", "Circulars issued"),
            ElementSpec(
                "local_documents_issued",
                "Số văn bản quy phạm pháp luật của địa phương được ban hành",
                "Local legal documents issued",
            ),
        ),
    ),
    DataSetSpec(
        "enterprises",
        "Doanh nghiệp và khoa học, công nghệ",
        "Enterprises, science and technology",
        QUARTER,
        "BKHCN",
        reporters=(OrgKind.PROVINCE,),
        elements=(
            ElementSpec(
                "enterprises_total",
                "Số doanh nghiệp đang hoạt động",
                "Active enterprises",
                over_time=LAST,
            ),
            ElementSpec(
                "enterprises_digital",
                "Số doanh nghiệp ứng dụng công nghệ số",
                "Enterprises applying digital technology",
                over_time=LAST,
            ),
            ElementSpec(
                "enterprises_digital_tech",
                "Số doanh nghiệp công nghệ số",
                "Digital-technology enterprises",
                over_time=LAST,
            ),
            ElementSpec(
                "enterprises_st",
                "Số doanh nghiệp khoa học và công nghệ",
                "Science-and-technology enterprises",
                over_time=LAST,
            ),
        ),
    ),
    DataSetSpec(
        "budget_spending",
        "Chi ngân sách",
        "Budget spending",
        QUARTER,
        "BTC",
        reporters=CENTRAL_AND_PROVINCES,
        elements=(
            ElementSpec(
                "spending_total",
                "Tổng chi ngân sách (triệu đồng)",
                "Total budget spending (million VND)",
                AMOUNT,
            ),
            ElementSpec(
                "spending_stidt",
                "Chi cho khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số (triệu đồng)",
                "Spending on science, technology, innovation and digital transformation "
                "(million VND)",
                AMOUNT,
            ),
        ),
    ),
)

INDICATORS = (
    IndicatorSpec(
        "online_records_rate",
        "Tỷ lệ hồ sơ trực tuyến",
        "Online public-service records rate",
        Formula.RATIO,
        ("records_online", "records_total"),
        "%",
        MONTH,
        "VPCP",
        factor=PERCENT,
        targets=(TargetSpec("2025", Decimal(80)),),
    ),
    IndicatorSpec(
        "full_process_services_rate",
        "Tỷ lệ dịch vụ công trực tuyến toàn trình",
        "Full-process online services offered",
        Formula.RATIO,
        ("services_full_process", "services_eligible"),
        "%",
        MONTH,
        "VPCP",
        factor=PERCENT,
    ),
    IndicatorSpec(
        "procedures_boundary_free",
        "Thủ tục hành chính không phụ thuộc địa giới hành chính",
        "Procedures doable regardless of administrative boundaries",
        Formula.LATEST,
        ("procedures_boundary_free",),
        "thủ tục",
        MONTH,
        "VPCP",
    ),
    IndicatorSpec(
        "records_digitised_rate",
        "Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
        "Digitisation of records",
        Formula.RATIO,
        ("records_digitised", "records_total"),
        "%",
        MONTH,
        "VPCP",
        factor=PERCENT,
    ),
    IndicatorSpec(
        "coverage_5g_population",
        "Tỷ lệ dân số được phủ sóng 5G",
        "5G population coverage",
        Formula.RATIO,
        ("population_5g", "population_total"),
        "%",
        MONTH,
        "BKHCN",
        factor=PERCENT,
    ),
    IndicatorSpec(
        "stations_5g",
        "Số trạm 5G",
        "5G base stations",
        Formula.LATEST,
        ("stations_5g",),
        "trạm",
        MONTH,
        "BKHCN",
    ),
    IndicatorSpec(
        "communes_connected",
        "Số xã kết nối mạng truyền số liệu chuyên dùng",
        "Communes connected to the specialised data network",
        Formula.COUNT,
        ("commune_connected",),
        "xã",
        MONTH,
        "BKHCN",
    ),
    IndicatorSpec(
        "villages_no_mobile",
        "Số thôn, bản chưa có sóng di động",
        "Villages without mobile signal",
        Formula.LATEST,
        ("villages_no_mobile",),
        "thôn",
        MONTH,
        "BKHCN",
        direction=Direction.LOWER,
    ),
    IndicatorSpec(
        "villages_no_electricity",
        "Số thôn, bản chưa có điện lưới",
        "Villages without grid electricity",
        Formula.LATEST,
        ("villages_no_electricity",),
        "thôn",
        MONTH,
        "BKHCN",
        direction=Direction.LOWER,
    ),
    IndicatorSpec(
        "legal_documents_issued",
        "Số văn bản quy phạm pháp luật được ban hành",
        "Legal documents issued",
        Formula.SUM,
        ("laws_issued", "decrees_issued", "circulars_issued", "local_documents_issued"),
        "văn bản",
        QUARTER,
        "BTP",
    ),
    IndicatorSpec(
        "digital_tech_enterprises",
        "Số doanh nghiệp công nghệ số",
        "Digital-technology enterprises",
        Formula.LATEST,
        ("enterprises_digital_tech",),
        "doanh nghiệp",
        QUARTER,
        "BKHCN",
    ),
    IndicatorSpec(
        "st_enterprises",
        "Số doanh nghiệp khoa học và công nghệ",
        "Science-and-technology enterprises",
        Formula.LATEST,
        ("enterprises_st",),
        "doanh nghiệp",
        QUARTER,
        "BKHCN",
    ),
    IndicatorSpec(
        "stidt_budget_share",
        "Tỷ lệ chi ngân sách cho khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
        "Share of budget spending on science, technology, innovation and digital transformation",
        Formula.RATIO,
        ("spending_stidt", "spending_total"),
        "%",
        QUARTER,
        "BTC",
        factor=PERCENT,
        targets=(TargetSpec("2025", Decimal(3)),),
    ),
    IndicatorSpec(
        "enterprises_digital_rate",
        "Tỷ lệ doanh nghiệp ứng dụng công nghệ số",
        "Share of enterprises applying digital technology",
        Formula.RATIO,
        ("enterprises_digital", "enterprises_total"),
        "%",
        QUARTER,
        "BKHCN",
        factor=PERCENT,
    ),
)
