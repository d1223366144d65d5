"""THE ACCESS MATRIX: every URL pattern of the project × every actor × its actions, and the
outcome each cell must have (see cells.py for what the outcome names mean).

The actors are world.ACTORS: a visitor, a citizen signed in through the identity provider,
the reporter / approver / administrator of the ministry's unit that leads the tasks, the
ministry's approver (the parent organisation), the same roles in another ministry (BTC) and
in provinces (01 sends the indicator form; 79 is another province), the monitoring
organisation's approver (VPCP), the assigning committee's approver (BCDTW), the secretariat,
an inspector, and the unit reporter's read and read-write bearer tokens.

HOW TO ADD A ROW (the coverage test names every pattern that has none):
    Row("app:name", "<world.kwargs key or ''>", get=page(...), post=(BODY, page_write(...)))
Start from a profile below (public, page, api, page_write, api_write) that says who sees
the object and who may write, and override single cells with keyword arguments
(`unit_reporter="403"`). An allowed write is "write": the test checks that rows were
written (services write an audit event with every change, so an update counts too); every
other outcome of a write must leave every table of the project as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .world import ACTORS, OFFICIALS, TOKENS

Expect = dict[str, str]
# A request's body: fixed, or made from the world (for ids known once it is built).
Body = dict[str, Any] | Callable[[Any], dict[str, Any]]
OFFICIAL = frozenset(OFFICIALS)
UNIT_SIDE = frozenset({"unit_reporter", "unit_approver", "unit_admin", "ministry_approver"})
# Who sees the ministry unit's tasks: its side, the assigning committee, and the nation-wide.
TASK_SEERS = UNIT_SIDE | {"assigner_approver", "secretariat", "inspector"}
# Who decides on them: the assigning committee's approver and the secretariat.
TASK_DECIDERS = frozenset({"assigner_approver", "secretariat"})
# Who sees Hà Nội's indicator form: its province, the monitor (VPCP), the nation-wide.
FORM_SEERS = frozenset(
    {"province_reporter", "province_approver", "province_admin", "monitor_approver"}
    | {"secretariat", "inspector"}
)
NATIONWIDE = frozenset({"secretariat", "inspector"})
ADMINS = frozenset({"unit_admin", "other_ministry_admin", "province_admin", "secretariat"})
# Those who decide for an organisation assign its tasks (and import them).
ASSIGNERS = OFFICIAL - {
    "unit_reporter",
    "other_ministry_reporter",
    "province_reporter",
    "other_province_reporter",
    "inspector",
}
ASSIGNS_FOR_MINISTRY = frozenset({"ministry_approver", "secretariat"})
# Who handles a feedback item routed to the unit: its body (and above), the secretariat.
HANDLERS = UNIT_SIDE | {"secretariat"}
HOLDER = frozenset({"unit_reporter"})  # the session's and the token's holder
TOKENS_SIGN_IN = {"token_read": "login", "token_read_write": "login"}  # a token opens no page
SIGN_IN_FIRST = {"anonymous": "login", **TOKENS_SIGN_IN}


@dataclass(frozen=True)
class Row:
    """One URL pattern: which world object fills its parameters, and its cells by method."""

    name: str
    target: str = ""
    get: Expect | None = None
    post: tuple[Body, Expect] | None = None
    patch: tuple[Body, Expect] | None = None
    query: str = ""  # `{item}` and the like: the first parameter of that world object


def _cells(default: str, **cells: str) -> Expect:
    expect = dict.fromkeys(ACTORS, default)
    expect.update(cells)
    unknown = set(expect) - set(ACTORS)
    assert not unknown, unknown  # nosec B101  # a typo in the table fails at import
    return expect


def public(**cells: str) -> Expect:
    """Anyone, signed in or not."""
    return _cells("ok", **cells)


def page(seen_by: frozenset[str] = OFFICIAL, hidden: str = "404", **cells: str) -> Expect:
    """An officials' page: visitors (and bearer tokens, which open no page) sign in,
    citizens go to the portal, officials who may not see the object get `hidden`."""
    base = {name: ("ok" if name in seen_by else hidden) for name in OFFICIALS}
    return _page({**base, **cells})


def _page(cells: dict[str, str]) -> Expect:
    return _cells("login", **{"citizen": "portal", **cells})


def page_write(
    writers: frozenset[str], seen_by: frozenset[str], refused: str = "404", **cells: str
) -> Expect:
    """A write on a page: writers write, those who see but may not write get `refused`."""
    base = {
        name: "write" if name in writers else (refused if name in seen_by else "404")
        for name in OFFICIALS
    }
    return _page({**base, **cells})


def api(seen_by: frozenset[str] = OFFICIAL, hidden: str = "404", **cells: str) -> Expect:
    """A read over the API: a visitor gets 401, a citizen 403, tokens act as their holder
    (the unit's reporter)."""
    base = {name: ("ok" if name in seen_by else hidden) for name in OFFICIALS}
    return _api({**base, **dict.fromkeys(TOKENS, base["unit_reporter"]), **cells})


def _api(cells: dict[str, str]) -> Expect:
    return _cells("401", **{"citizen": "403", **cells})


def api_write(
    writers: frozenset[str], seen_by: frozenset[str] = OFFICIAL, refused: str = "403", **cells: str
) -> Expect:
    """A write over the API: a read token gets 403 whatever its holder may do."""
    base = {
        name: "write" if name in writers else (refused if name in seen_by else "404")
        for name in OFFICIALS
    }
    writes = base["unit_reporter"]
    return _api({**base, "token_read_write": writes, "token_read": "403", **cells})


def page_keep(
    writers: frozenset[str], seen_by: frozenset[str], refused: str = "403", **cells: str
) -> Expect:
    """A write on a catalogue page: writers write, those shown the form but not this
    object get `refused` (the form again, with the problem: "ok"), other officials 403
    (they see the catalogue, not the right to change it)."""
    base = {
        name: "write" if name in writers else (refused if name in seen_by else "403")
        for name in OFFICIALS
    }
    return _page({**base, **cells})


TODAY = date.today().isoformat()
LATER = (date.today() + timedelta(days=400)).isoformat()
REASON = {"reason": "Theo chỉ đạo của Ban Chỉ đạo"}
PROGRESS = {"reported_on": TODAY, "percent": 40, "narrative": "Đang triển khai"}
COMPLETION = {"note": "Đã xong", "links": "https://example.vn/ket-qua"}
API_COMPLETION = {"note": "Đã xong", "links": ["https://example.vn/ket-qua"]}
EXTENSION = {"requested_deadline": LATER, "reason": "Chờ số liệu"}


PROVINCE_SIDE = frozenset({"province_reporter", "province_approver", "province_admin"})
# Who sees Hà Nội's request to the unit: both sides and the nation-wide roles.
SHARING_SEERS = UNIT_SIDE | PROVINCE_SIDE | NATIONWIDE


def _new_sharing_request(world: Any) -> dict[str, Any]:
    """Hà Nội asks for the unit's database (the page's form: ids for choices)."""
    return {
        "requester": world.objects["sharing_pending"].requester_id,
        "database": world.objects["sharing_db"].pk,
        "fields_requested": "Trích yếu",
        "purpose": "Liên thông",
        "legal_basis": "Luật Dữ liệu 2024",
    }


def _new_task(world: Any) -> dict[str, Any]:
    """A task the ministry assigns to its unit (the page's form: ids for choices)."""
    return {
        "program": world.objects["program"].code,
        "code": "NV-9",
        "title": "Số hoá hồ sơ",
        "kind": "deadline",
        "deadline": LATER,
        "lead_org": world.objects["unit"].code,
        "assigned_by": world.objects["unit"].parent_id,
        "assigned_on": TODAY,
        "responsible_person": "Trần Văn B",
        "expected_product": "Cơ sở dữ liệu",
        "weight": 1,
    }


def _edited(world: Any) -> dict[str, Any]:
    task = world.objects["task"]
    return {
        "title": "Xây dựng cơ sở dữ liệu (sửa)",
        "lead_org": task.lead_org.code,
        "responsible_person": "Nguyễn Văn A",
        "expected_product": "Báo cáo",
        "weight": 1,
        "version": task.version,
    }


def _remit_edited(world: Any) -> dict[str, Any]:
    """The ministry's remit with one more word people use (the page's boxes)."""
    from nq57.feedback.forms import RemitForm
    from nq57.feedback.remits import as_lines

    remit = world.objects["remit"]
    boxes = {box: as_lines(remit, text) for box, text in RemitForm.BOXES.items()}
    return {**boxes, "terms": boxes["terms"] + "\nthủ tục trực tuyến mới"}


SECRETARIAT = frozenset({"secretariat"})
# Who records the quality of the unit's database: its side and the secretariat.
QUALITY_RECORDERS = UNIT_SIDE | {"secretariat"}
QUALITY_ENTRY = {
    "database": "CSDL-VP",
    "period": "2025Q4",
    "criterion": "clean",
    "records_checked": 100,
    "records_passing": 90,
}
QUALITY_ADJUST = {"records_checked": 100, "records_passing": 50, "reason": "Kiểm tra lại"}
# The budget's keepers: the deciding and reporting officials of the Ministries of Science and
# Technology (BKHCN: not its unit, which holds no role at the ministry) and of Finance (BTC),
# and the secretariat.
BUDGET_KEEPERS = frozenset(
    {
        "ministry_approver",
        "other_ministry_reporter",
        "other_ministry_approver",
        "other_ministry_admin",
        "secretariat",
    }
)
BUDGET_ENTRY = {
    "year": "2025",
    "org": "BKHCN",
    "programme": "NQ57",
    "stage": "proposed",
    "amount": "1.234.567",
    "dated": "02/12/2025",
}
# A total of state spending for a year the world has none of.
STATE_SPENDING = {
    "year": "2026",
    "basis": "total",
    "amount": "2.700.000.000",
    "dated": "14/11/2025",
}
# A commitment of the ministry's unit, measured by its database.
COMMITMENT = {
    "organization": "BKHCN-VP",
    "leader_name": "Trần Văn Lãnh",
    "position": "Chánh Văn phòng",
    "what": "Hoàn thành cơ sở dữ liệu văn phòng.",
    "committed_on": TODAY,
    "due_on": LATER,
    "databases": "CSDL-VP; formed",
}
COMMITMENT_EDIT = {
    "what": "Hoàn thành và đưa vào vận hành cơ sở dữ liệu văn phòng.",
    "committed_on": TODAY,
    "due_on": LATER,
    "databases": "CSDL-VP; formed",
}
CORRECTION = {"assigned_on": TODAY, "deadline": LATER, "reason": "Nhập sai ngày"}
# The catalogue of VPCP's indicator and data set: its approver and the secretariat keep it;
# the data sets' other monitors (BKHCN, BTC) and anyone deciding somewhere are shown the
# forms to create (their own organisations to pick), not this row to change.
CATALOGUE_KEEPERS = frozenset({"monitor_approver", "secretariat"})
KEEPS_A_DATA_SET = CATALOGUE_KEEPERS | {
    "ministry_approver",
    "other_ministry_approver",
    "other_ministry_admin",
}
NEW_ELEMENT = {
    "dataset": "public_services",
    "code": "records_signed",
    "name_vi": "Hồ sơ được ký số",
    "value_type": "count",
    "time_aggregation": "sum",
}
EDITED_ELEMENT = {
    "dataset": "public_services",
    "name_vi": "Tổng số hồ sơ tiếp nhận",
    "value_type": "count",
    "time_aggregation": "sum",
}
_INDICATOR_FIELDS = {
    "group": "strategic",
    "formula": "ratio",
    "term_1": "records_digitised",
    "term_2": "records_total",
    "factor": "100",
    "unit": "%",
    "direction": "higher",
    "period_type": "month",
    "monitor": "VPCP",
}
NEW_INDICATOR_PAGE = {
    "code": "records_digitised_share",
    "name_vi": "Tỷ lệ hồ sơ được số hoá",
    **_INDICATOR_FIELDS,
}
EDITED_INDICATOR_PAGE = {"name_vi": "Tỷ lệ hồ sơ trực tuyến (sửa)", **_INDICATOR_FIELDS}
TARGET = {"org": "", "period": "2026", "value": "90"}
# The lead side reports (a role in the ministry holds in its units); the secretariat may too.
UNIT_WRITERS = UNIT_SIDE | {"secretariat"}
LEAD = page_write(UNIT_WRITERS, TASK_SEERS)
DECIDE = page_write(TASK_DECIDERS, TASK_SEERS)
# The task's discussion: both sides and the secretariat write; the inspector (who sees every
# task, changes nothing) only reads it: 404 on the page, like any action not theirs, 403 over
# the API.
COMMENTERS = UNIT_WRITERS | TASK_DECIDERS
COMMENT = {"body": "Đề nghị làm rõ phạm vi sản phẩm"}
# The second step of a decision on a page: the first shows what will be decided.
CONFIRMED = {"confirmed": "1"}

PAGES: list[Row] = [
    # The probes: anyone (a proxy, a supervisor); they hold no data.
    Row("healthz", get=public()),
    Row("readyz", get=public()),
    Row("web:dashboard", get=page()),
    Row("web:queue", get=page()),
    # Search from the menu: every official, each within what they see (web/tests/test_search).
    Row("web:search", get=page(), query="?q=so"),
    # One's drafts (JSON for forms.js): nobody has one in the world, so a read finds none
    # (204); a form-encoded body is not a draft (400). Keeping the session alive writes nothing.
    Row(
        "web:draft",
        get=page(),
        post=({}, page(frozenset(), hidden="400")),
        query="?path=/",
    ),
    Row("web:keepalive", post=({}, page())),
    # One's calendar of deadlines: every official's own (none of another's is reachable);
    # creating one's private link is a write for every official.
    Row("web:calendar", get=page(), post=({}, page_write(OFFICIAL, OFFICIAL))),
    # The feed is public to whoever holds the link (a calendar program has no session);
    # a wrong or replaced link is 404 (web/tests/test_calendar_feed.py).
    Row("web:calendar_feed", "calendar", get=public()),
    Row("web:ranking", get=public()),
    Row("web:ranking_tasks", "ranking_org", get=public()),
    Row("registry:readiness", get=public()),
    Row("registry:readiness_export", get=public()),
    Row("registry:readiness_databases", "ranking_org", get=public()),
    Row("registry:readiness_requests", "ranking_org", get=public()),
    # The record of processing: administrators (the secretariat, organisations' admins).
    Row("web:processing_record", get=page(ADMINS)),
    Row("web:login", get=public()),
    # Signing out ends the session's record: a write for whoever was signed in.
    Row("web:logout", post=({}, _cells("write", anonymous="login", **TOKENS_SIGN_IN))),
    Row("web:password_change", get=page()),
    Row("web:password_changed", get=page()),
    Row("web:password_reset", get=public()),
    Row("web:password_reset_sent", get=public()),
    Row("web:password_reset_confirm", "reset", get=public()),
    Row("web:password_reset_complete", get=public()),
    # The help of each screen: every official, as their pages (the screens it explains keep
    # their own rows); the index, and one screen's help with the way back.
    Row("web:help_index", get=page()),
    Row("web:help", "help", get=page(), query="?next=/tasks/"),
    Row("set_language", post=({"language": "en", "next": "/"}, public())),
    # Tasks.
    Row("tasks:list", get=page()),
    Row("tasks:export", get=page()),
    Row("tasks:count", get=page(), query="?q=x"),
    # Assigning: those who decide for an organisation (the form offers theirs), and the
    # secretariat; the ministry assigns to its unit.
    Row(
        "tasks:create",
        get=page(ASSIGNERS),
        post=(_new_task, page_write(ASSIGNS_FOR_MINISTRY, ASSIGNERS, refused="ok")),
    ),
    Row("tasks:inbox", get=page()),
    Row("tasks:import", get=page(ASSIGNERS)),
    Row("tasks:import_confirm", post=({"token": "x"}, page(ASSIGNERS))),
    Row("tasks:detail", "task", get=page(TASK_SEERS)),
    Row("tasks:edit", "task", get=page(TASK_DECIDERS), post=(_edited, DECIDE)),
    Row("tasks:report", "task", get=page(UNIT_WRITERS), post=(PROGRESS, LEAD)),
    Row("tasks:complete", "task", get=page(UNIT_WRITERS), post=(COMPLETION, LEAD)),
    Row("tasks:extend", "fresh", get=page(UNIT_WRITERS), post=(EXTENSION, LEAD)),
    Row("tasks:withdraw", "task", post=(REASON, DECIDE)),
    Row("tasks:suspend", "fresh", post=(REASON, DECIDE)),
    Row("tasks:resume", "suspended", post=(REASON, DECIDE)),
    Row("tasks:correct", "task", get=page(TASK_DECIDERS), post=(CORRECTION, DECIDE)),
    Row("tasks:comment", "task", post=(COMMENT, page_write(COMMENTERS, TASK_SEERS))),
    # A decision's first POST only shows its confirmation page (nothing written: "ok" for a
    # decider); the bodies carry `confirmed=1`, the second POST, which decides. Those who may
    # not decide get 404 at either step, and at a GET of the confirmation page.
    Row(
        "tasks:confirm",
        "requested",
        get=page(TASK_DECIDERS),
        post=({"evidence_checked": "on", **CONFIRMED}, DECIDE),
    ),
    Row(
        "tasks:return", "requested", get=page(TASK_DECIDERS), post=({**REASON, **CONFIRMED}, DECIDE)
    ),
    Row("tasks:extension_approve", "extension", get=page(TASK_DECIDERS), post=(CONFIRMED, DECIDE)),
    Row(
        "tasks:extension_refuse",
        "extension",
        get=page(TASK_DECIDERS),
        post=({**REASON, **CONFIRMED}, DECIDE),
    ),
    Row("tasks:evidence", "evidence", get=page(TASK_SEERS)),
    # Indicators.
    Row("indicators:ranking", get=public()),
    Row("indicators:overview", get=page()),
    Row("indicators:entry", get=page()),
    Row("indicators:forms", get=page()),
    Row(
        "indicators:decide",
        "form",
        # The monitor decides (with `confirmed=1`: the first POST only shows the values to
        # confirm); the province sees its form and is told it may not (at the GET of the
        # confirmation page too: back to the forms page with the message).
        get=page(FORM_SEERS),
        post=(
            {"action": "return", "reason": "Thiếu số liệu", **CONFIRMED},
            page_write(frozenset({"monitor_approver", "secretariat"}), FORM_SEERS, refused="ok"),
        ),
    ),
    Row("indicators:detail", "indicator", get=page()),
    Row("indicators:export", "indicator", get=page()),
    # The catalogue: every official reads it; the secretariat and the monitoring
    # organisation's deciders (VPCP monitors the row's indicator and element) change it.
    Row("indicators:catalogue", get=page()),
    Row(
        "indicators:element_create",
        get=page(KEEPS_A_DATA_SET, hidden="403"),
        post=(NEW_ELEMENT, page_keep(CATALOGUE_KEEPERS, KEEPS_A_DATA_SET, refused="ok")),
    ),
    Row(
        "indicators:element_edit",
        "element",
        get=page(CATALOGUE_KEEPERS, hidden="403"),
        post=(EDITED_ELEMENT, page_keep(CATALOGUE_KEEPERS, CATALOGUE_KEEPERS)),
    ),
    Row(
        "indicators:indicator_create",
        get=page(ASSIGNERS, hidden="403"),
        post=(NEW_INDICATOR_PAGE, page_keep(CATALOGUE_KEEPERS, ASSIGNERS, refused="ok")),
    ),
    Row(
        "indicators:indicator_edit",
        "indicator",
        get=page(CATALOGUE_KEEPERS, hidden="403"),
        post=(EDITED_INDICATOR_PAGE, page_keep(CATALOGUE_KEEPERS, CATALOGUE_KEEPERS)),
    ),
    Row(
        "indicators:targets",
        "indicator",
        get=page(),
        post=(TARGET, page_keep(CATALOGUE_KEEPERS, CATALOGUE_KEEPERS)),
    ),
    # The registry of databases: one registry, the same for every official.
    Row("registry:home", get=page()),
    Row("registry:databases", get=page()),
    Row("registry:export", get=page()),
    Row("registry:database", "registry_database", get=page()),
    # Investment dossiers (issue 16): every official reads them, as the registry; the unit's
    # side (and the secretariat) registers one for its database and resubmits a returned one;
    # only the appraising body's deciders (VPCP in the world) approve or return. Anyone else
    # is answered 404: another organisation's dossier is not theirs to act on.
    Row("registry:dossiers", get=page()),
    Row("registry:dossiers_export", get=page()),
    Row("registry:dossier", "dossier_pending", get=page()),
    Row(
        "registry:dossier_register",
        "database",
        get=page(UNIT_WRITERS),
        post=({"amount_million_vnd": "1.500"}, page_write(UNIT_WRITERS, frozenset())),
    ),
    Row(
        "registry:dossier_appraise",
        "dossier_pending",
        post=(
            {"decision": "return", "missing_documents": "Dự toán chi tiết"},
            page_write(frozenset({"monitor_approver"}), frozenset()),
        ),
    ),
    Row(
        "registry:dossier_resubmit",
        "dossier_returned",
        post=({"note": "Đã bổ sung thiết kế cơ sở"}, page_write(UNIT_WRITERS, frozenset())),
    ),
    # The budget: the same for every official; its keepers record entries, import files and
    # the year's totals of state spending
    # (a POST without a file is the form again, with its error: 400); nobody else finds those.
    Row("budget:year", get=page()),
    Row("budget:entries", get=page(), query="?year=2025"),
    Row("budget:entries_export", get=page(), query="?year=2025"),
    Row("budget:org", "ranking_org", get=page()),
    Row(
        "budget:entry_new",
        get=page(BUDGET_KEEPERS),
        post=(BUDGET_ENTRY, page_write(BUDGET_KEEPERS, frozenset())),
    ),
    Row(
        "budget:import",
        get=page(BUDGET_KEEPERS),
        post=({}, page(BUDGET_KEEPERS, **dict.fromkeys(BUDGET_KEEPERS, "400"))),
    ),
    Row("budget:import_confirm", post=({"token": "x"}, page(BUDGET_KEEPERS))),
    Row(
        "budget:spending_new",
        get=page(BUDGET_KEEPERS),
        post=(STATE_SPENDING, page_write(BUDGET_KEEPERS, frozenset())),
    ),
    # Reports: every official writes the national report as of a day (a valid day gives the
    # file); anyone verifies one (a POST without a file is the form again: 400).
    Row("reports:home", get=page()),
    Row("reports:verify", get=public(), post=({}, _cells("400"))),
    # Leaders' commitments: the officials of the organisation (and above) and the secretariat
    # record, edit and upload them signed (a commitment for an organisation one may not
    # record for is the form again, with the problem: 400; an upload without a file too);
    # those who see it read it and download its PDF; anyone reads an organisation's page,
    # a leader's record and the signed files.
    Row(
        "commitments:new",
        get=page(OFFICIAL - {"inspector"}),
        post=(
            COMMITMENT,
            page_write(UNIT_WRITERS, OFFICIAL - {"inspector"}, refused="400"),
        ),
    ),
    Row("commitments:detail", "commitment", get=page(UNIT_SIDE | NATIONWIDE)),
    Row(
        "commitments:edit",
        "commitment",
        get=page(UNIT_WRITERS),
        post=(COMMITMENT_EDIT, page_write(UNIT_WRITERS, frozenset())),
    ),
    Row("commitments:pdf", "commitment", get=page(UNIT_SIDE | NATIONWIDE)),
    Row(
        "commitments:sign",
        "commitment",
        get=page(UNIT_WRITERS),
        post=({}, page(UNIT_WRITERS, **dict.fromkeys(UNIT_WRITERS, "400"))),
    ),
    Row("commitments:signed", "signed_commitment", get=public()),
    Row("commitments:org", "commitment_org", get=public()),
    Row("commitments:leader", "leader", get=public()),
    # Only the secretariat files a signed report (an empty form: refused by field).
    Row("reports:file", post=({}, page(frozenset({"secretariat"}), secretariat="400"))),
    Row("reports:issued_file", "issued_report", get=page()),
    # The annual evaluation: the secretariat and the inspection see the year, every sheet and
    # the proposals; an organisation's officials (a membership at it) their own sheet only.
    Row("evaluation:year", "evaluation_year", get=page(NATIONWIDE)),
    Row("evaluation:proposals", "evaluation_year", get=page(NATIONWIDE)),
    Row("evaluation:export", "evaluation_export", get=page(NATIONWIDE)),
    Row("evaluation:sheet", "evaluation_sheet", get=page(NATIONWIDE | {"ministry_approver"})),
    # The public portal and the handling of feedback.
    Row("feedback:home", get=public()),
    Row("feedback:track", get=public(), query="?code={item}"),
    Row("feedback:item", "item", get=public()),
    Row("feedback:submit", get=public(**SIGN_IN_FIRST)),
    Row("feedback:mine", get=public(**SIGN_IN_FIRST)),
    # The sender's page of an item; those who handle it see it too.
    Row("feedback:mine_item", "item", get=page(HANDLERS, citizen="ok")),
    # Requests about one's personal data: the requester's pages (the secretariat handles them
    # on its own pages).
    Row("privacy:mine", get=public(**SIGN_IN_FIRST)),
    Row(
        "privacy:mine_request",
        "data_request",
        get=_cells("404", citizen="ok", **SIGN_IN_FIRST),
    ),
    Row(
        "privacy:mine_copy",
        "copy_request",
        get=_cells("404", citizen="ok", **SIGN_IN_FIRST),
    ),
    Row("privacy:requests", get=page(frozenset({"secretariat"}))),
    Row("privacy:request", "data_request", get=page(frozenset({"secretariat"}))),
    # The breach register: kept by the secretariat, read by the inspectors.
    Row("privacy:breaches", get=page(NATIONWIDE)),
    Row("privacy:breach", "breach", get=page(NATIONWIDE)),
    # What each body answers for (the routing suggester's knowledge): the secretariat's own
    # pages; nobody else finds them.
    Row("feedback:remits", get=page(SECRETARIAT)),
    Row(
        "feedback:remit",
        "remit",
        get=page(SECRETARIAT),
        post=(_remit_edited, page_write(SECRETARIAT, SECRETARIAT)),
    ),
    Row(
        "feedback:remit_restore",
        "remit",
        post=({"confirmed": "yes"}, page_write(SECRETARIAT, SECRETARIAT)),
    ),
    Row("feedback:stats", get=public()),
    Row("feedback:export", get=public()),
    # Supporting a published item: anyone signed in (officials too), once.
    Row("feedback:support", "item", post=({}, _cells("write", **SIGN_IN_FIRST))),
    # Rating the answer: the sender; handlers are told they may not.
    Row(
        "feedback:rate",
        "item",
        post=({"resolved": "yes", "satisfaction": "5"}, page(HANDLERS, citizen="write")),
    ),
    Row("feedback:handle", get=page()),
    # Handling an item: its body (and above), the secretariat. Not the inspector: the
    # handling pages show the sender's personal data, which inspection does not need.
    Row(
        "feedback:handle_item",
        "routed",
        get=page(HANDLERS),
        post=({"action": "accept"}, page_write(HANDLERS, HANDLERS)),
    ),
    # Data sharing between bodies (issue 16): the inbox, the requests sent, the authority's
    # queue are every official's own lists; a request is seen by the two organisations, the
    # nation-wide roles and, once refused, the competent authority (BCDTW in the world).
    # The unit's side (its reporting roles, and the ministry above) answers; those who see
    # it otherwise are told they may not (403); a new request is the province's to send
    # (others are shown the form again: Hà Nội is not theirs to ask for).
    Row("registry:sharing_inbox", get=page()),
    Row("registry:sharing_inbox_export", get=page()),
    Row("registry:sharing_sent", get=page()),
    Row("registry:sharing_authority", get=page()),
    Row(
        "registry:sharing_new",
        get=page(),
        post=(_new_sharing_request, page_write(PROVINCE_SIDE, OFFICIAL, refused="ok")),
    ),
    Row(
        "registry:sharing_request",
        "sharing_pending",
        get=page(SHARING_SEERS),
        post=(
            {"action": "grant", "connection_details": "https://ndxp.gov.vn/vb"},
            page_write(UNIT_SIDE, SHARING_SEERS, refused="403"),
        ),
    ),
    # The public register of refusals: anyone, nothing secret in it.
    Row("registry:sharing_refusals", get=public()),
    Row("registry:sharing_refusals_export", get=public()),
    # Signing in and the account.
    # No identity provider is configured in the tests: both answer 404, to everyone.
    Row("accounts:oidc_start", get=_cells("404")),
    Row("accounts:oidc_callback", get=_cells("404")),
    Row("accounts:second_factor", get=page()),
    Row("accounts:second_factor_setup", get=page()),
    Row("accounts:profile", get=page()),
    # One's own contact details: every official writes their own, nobody another's.
    Row(
        "accounts:details",
        post=(
            {"full_name": "Nguyễn Văn Bình", "phone": "024 3825 2222"},
            page_write(OFFICIAL, OFFICIAL),
        ),
    ),
    # One's notices: the centre is everyone's own; another's notice is not found. Marking
    # read is the reader's own state (the notice's read_at), no row added: "ok" for all;
    # that another's notice stays unread is proved in notices/tests/test_pages.py.
    Row("notices:centre", get=page()),
    Row("notices:open", "notice", get=page(HOLDER)),
    Row("notices:read_all", post=(lambda world: {"notice": [world.objects["notice"].pk]}, page())),
    Row(
        "notices:preferences",
        post=(
            {"delivery": "digest", "deadline_days": "7, 1", "silence_days": "7"},
            page_write(OFFICIAL, OFFICIAL),
        ),
    ),
    # One's own sessions and tokens (the profile's); the secretariat ends others' elsewhere.
    Row("accounts:session_end", "session", post=({}, page_write(HOLDER, HOLDER))),
    Row("accounts:token_revoke", "token", post=({}, page_write(HOLDER, HOLDER))),
    # Data quality: every official reads; the database's owner side (and the secretariat)
    # records; only the assessing body (TTDLQG, absent from this world) verifies or adjusts.
    Row("registry:quality_ranking", get=page()),
    Row("registry:quality_export", get=page()),
    Row("registry:database_quality", "database", get=page()),
    Row(
        "registry:quality_entry",
        get=page(QUALITY_RECORDERS),
        post=(QUALITY_ENTRY, page_write(QUALITY_RECORDERS, frozenset())),
    ),
    Row("registry:quality_queue", get=page(frozenset({"secretariat"}))),
    Row("registry:quality_verify", "check", post=({}, page_write(frozenset(), frozenset()))),
    Row(
        "registry:quality_adjust",
        "check",
        post=(QUALITY_ADJUST, page_write(frozenset(), frozenset())),
    ),
]


def _api_task(world: Any) -> dict[str, Any]:
    return {
        "program": "57-NQ/TW",
        "code": "NV-8",
        "title": "Số hoá hồ sơ",
        "deadline": LATER,
        "lead_org": world.objects["unit"].code,
        "assigned_by": "BKHCN",
        "assigned_on": TODAY,
    }


def _api_edit(world: Any) -> dict[str, Any]:
    return {"version": world.objects["task"].version, "title": "Sửa tên nhiệm vụ"}


FORM = {"dataset": "public_services", "org": "01", "period": "202502"}
NEW_INDICATOR = {
    "code": "records_digitised_share",
    "name_vi": "Tỷ lệ hồ sơ được số hoá",
    "formula": "ratio",
    "terms": ["records_digitised", "records_total"],
    "factor": "100",
    "unit": "%",
    "monitor": "VPCP",
}
VALUE = {"data_element": "records_total", "period": "202503", "org": "01", "value": "5"}
PROVINCE = frozenset({"province_reporter", "province_approver", "province_admin"})
API_LEAD = api_write(UNIT_WRITERS, TASK_SEERS)
API_DECIDE = api_write(TASK_DECIDERS, TASK_SEERS)
FORM_DECIDE = api_write(frozenset({"monitor_approver", "secretariat"}), FORM_SEERS)

API: list[Row] = [
    Row("api-root", get=api()),
    Row("queue", get=api()),
    # The registry's figures: every official (a read token too), like the task summary.
    Row("registry-summary", get=api()),
    # The budget's figures: every official (a read token too), like the registry's.
    Row("budget-summary", get=api(), query="?year=2025"),
    Row(
        "registry-quality-checks",
        post=(QUALITY_ENTRY, api_write(QUALITY_RECORDERS, frozenset())),
    ),
    # The schema and its documentation hold no data; the rankings are public, like their pages.
    Row("api-schema", get=public()),
    Row("api-docs", get=public()),
    Row("feedback-stats", get=public()),
    Row("ranking", get=public()),
    Row("ranking-composite", get=public()),
    Row("org-list", get=api()),
    Row("org-detail", "ranking_org", get=api()),
    Row(
        "program-list",
        get=api(),
        post=(
            {"code": "58-NQ/TW", "title": "Nghị quyết 58"},
            api_write(frozenset({"secretariat"})),
        ),
    ),
    Row("program-detail", "program", get=api()),
    Row("task-list", get=api(), post=(_api_task, api_write(ASSIGNS_FOR_MINISTRY))),
    Row("task-export", get=api()),
    # No file: refused whoever asks (400), a read token first (403).
    Row("task-import-file", post=({}, api_write(frozenset(), refused="400"))),
    Row("task-summary", get=api()),
    Row("task-detail", "task", get=api(TASK_SEERS), patch=(_api_edit, API_DECIDE)),
    Row("task-history", "task", get=api(TASK_SEERS)),
    Row("task-progress-reports", "task", get=api(TASK_SEERS), post=(PROGRESS, API_LEAD)),
    Row("task-extension-requests", "fresh", get=api(TASK_SEERS), post=(EXTENSION, API_LEAD)),
    Row("task-completion-request", "task", post=(API_COMPLETION, API_LEAD)),
    Row(
        "task-comments",
        "task",
        get=api(TASK_SEERS),
        post=(COMMENT, api_write(COMMENTERS, TASK_SEERS)),
    ),
    Row("task-completion-confirm", "requested", post=({"evidence_checked": True}, API_DECIDE)),
    Row("task-completion-return", "requested", post=(REASON, API_DECIDE)),
    Row("task-correct", "task", post=(CORRECTION, API_DECIDE)),
    Row("task-withdraw", "task", post=(REASON, API_DECIDE)),
    Row("task-suspend", "fresh", post=(REASON, API_DECIDE)),
    Row("task-resume", "suspended", post=(REASON, API_DECIDE)),
    Row("extension-request-approve", "extension", post=({}, API_DECIDE)),
    Row("extension-request-refuse", "extension", post=(REASON, API_DECIDE)),
    Row(
        "indicator-list",
        get=api(),
        post=(NEW_INDICATOR, api_write(CATALOGUE_KEEPERS)),
    ),
    Row(
        "indicator-detail",
        "indicator",
        get=api(),
        patch=({"unit": "phần trăm"}, api_write(CATALOGUE_KEEPERS)),
    ),
    Row(
        "indicator-targets",
        "indicator",
        get=api(),
        post=({"period": "2026", "value": "90"}, api_write(CATALOGUE_KEEPERS)),
    ),
    Row(
        "indicator-element-list",
        get=api(),
        post=(
            {"code": "records_signed", "dataset": "public_services", "name_vi": "Hồ sơ ký số"},
            api_write(CATALOGUE_KEEPERS),
        ),
    ),
    Row(
        "indicator-element-detail",
        "element",
        get=api(),
        patch=({"name_vi": "Tổng số hồ sơ tiếp nhận"}, api_write(CATALOGUE_KEEPERS)),
    ),
    Row("indicator-value", "indicator", get=api(), query="?period=2025"),
    # Values of another organisation are refused as a problem of the row (400).
    Row("indicator-value-list", post=(VALUE, api_write(PROVINCE | {"secretariat"}, refused="400"))),
    # A JSON body is no file: 415 once the caller may write.
    Row("indicator-value-import-file", post=({}, api_write(frozenset(), refused="415"))),
    Row("indicator-form-list", get=api(), post=(FORM, api_write(PROVINCE | {"secretariat"}))),
    Row("indicator-form-detail", "form", get=api(FORM_SEERS)),
    Row("indicator-form-approve", "form", post=({}, FORM_DECIDE)),
    Row("indicator-form-return-", "form", post=({"reason": "Thiếu"}, FORM_DECIDE)),
]
