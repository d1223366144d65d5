"""The secretariat edits what each body answers for, the routing suggester's knowledge (issue
19 item 1): kept as the rules keep a list, refused with the field and line named and nothing
written, audited with what changed, kept by a later load of the shipped texts, restored on
request; the worker is asked to retrain once it is committed. Only the secretariat."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client, override_settings

from nq57.accounts.models import User
from nq57.core.actors import SYSTEM
from nq57.core.errors import NotPermitted, ValidationFailed
from nq57.core.models import AuditEvent, ScheduledRun
from nq57.feedback import remits
from nq57.feedback.remits import remit_restore, remit_save
from nq57.orgs.models import PROVINCES, Remit
from nq57.orgs.remits import MAX_PHRASE, MAX_PHRASES, MAX_TEXT, shipped_remit
from nq57.orgs.services import remits_load

pytestmark = pytest.mark.django_db
DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def loaded() -> None:
    remits_load(SYSTEM)


@pytest.fixture
def secretariat(make_user: Callable[..., User]) -> User:
    return make_user("BCDTW", "secretariat")


def byt() -> Remit:
    return Remit.objects.get(scope="BYT")


def texts_of(remit: Remit, **changed: Any) -> dict[str, Any]:
    """The remit's texts as the page sends them back, with some changed."""
    return {**{name: remits.as_lines(remit, name) for name in remits.TEXTS}, **changed}


def edit(actor: Any, remit: Remit, **changed: Any) -> tuple[Remit, bool]:
    return remit_save(actor, remit, texts_of(remit, **changed))


def test_a_saved_list_is_trimmed_without_empty_lines_or_repeats_and_audited(
    loaded: None, secretariat: User, django_capture_on_commit_callbacks: Any
) -> None:
    remit = byt()
    terms_before = list(remit.terms)
    box = "  khám bệnh   online \r\n\r\nBHYT\nbhyt\n" + "\n".join(terms_before)
    with django_capture_on_commit_callbacks() as retrain:
        saved, changed = edit(secretariat, remit, terms=box)
    assert changed
    saved.refresh_from_db()
    assert saved.terms[:2] == ["khám bệnh online", "BHYT"]
    assert saved.terms[2:] == [t for t in terms_before if t.casefold() != "bhyt"]
    assert saved.edited_by == secretariat
    event = AuditEvent.objects.get(event="remit.edited")
    assert (event.actor_id, event.subject_id) == (secretariat.pk, saved.pk)
    assert list(event.changes) == ["terms"]
    assert event.changes["terms"] == [terms_before, saved.terms]
    assert event.data["counts"]["terms"] == [len(terms_before), len(saved.terms)]
    assert len(retrain) == 1  # asked after the commit, not before


def test_once_committed_the_worker_is_asked_to_retrain_the_suggester(
    loaded: None, secretariat: User, django_capture_on_commit_callbacks: Any
) -> None:
    with override_settings(TASKS=DB_BACKEND), django_capture_on_commit_callbacks(execute=True):
        edit(secretariat, byt(), description="Bộ Y tế quản lý nhà nước về y tế.")
    run = ScheduledRun.objects.get()
    assert (run.job, run.status) == (remits.SUGGESTER_JOB, "enqueued")


def test_saving_the_same_text_writes_nothing(
    loaded: None, secretariat: User, django_capture_on_commit_callbacks: Any
) -> None:
    remit = byt()
    stamp = remit.updated_at
    # The same text, typed with other spacing and a repeated line.
    terms = "\n".join(f" {term} " for term in remit.terms) + "\n" + remit.terms[0]
    with django_capture_on_commit_callbacks() as retrain:
        saved, changed = edit(secretariat, remit, terms=terms)
    assert not changed
    assert not retrain
    assert not AuditEvent.objects.filter(event="remit.edited").exists()
    saved.refresh_from_db()
    assert saved.updated_at == stamp
    assert saved.edited_by is None


LONG = "x" * (MAX_PHRASE + 1)


@pytest.mark.parametrize(
    ("changed", "field", "words"),
    [
        ({"terms": f"BHYT\n\n{LONG}"}, "terms", ["Words people use", "line 3", "300"]),
        ({"fields": ["y tế", "có \x1b thoát"]}, "fields", ["Fields it manages", "line 2"]),
        (
            {"procedures": "\n".join(f"thủ tục {i}" for i in range(MAX_PHRASES + 1))},
            "procedures",
            ["Procedures", f"line {MAX_PHRASES + 1}", "300"],
        ),
        ({"description": "x" * (MAX_TEXT + 1)}, "description", ["What it answers for", "4,000"]),
        ({"not_ours": "BNV: người có công\nhọc phí"}, "not_ours", ["line 2", "colon"]),
        ({"not_ours": "BNV:   "}, "not_ours", ["line 1", "after the colon"]),
        ({"not_ours": "BXX: chủ đề"}, "not_ours", ["line 1", "“BXX”"]),
        ({"not_ours": "BYT: its own topic"}, "not_ours", ["line 1", "“BYT”"]),  # itself
        ({"not_ours": "01: đường xã"}, "not_ours", ["line 1", "“01”"]),  # a province
        ({"databases": ["CSDL", 5]}, "databases", ["line 2", "expected text"]),
        ({"place_names": {"not": "a list"}}, "place_names", ["Place names", "expected text"]),
    ],
)
def test_a_refusal_names_the_field_and_line_and_writes_nothing(
    loaded: None, secretariat: User, changed: dict[str, Any], field: str, words: list[str]
) -> None:
    remit = byt()
    before = {name: getattr(remit, name) for name in remits.TEXTS}
    with pytest.raises(ValidationFailed) as refused:
        edit(secretariat, remit, **changed)
    assert list(refused.value.fields) == [field]
    message = refused.value.fields[field][0]
    assert all(word in message for word in words), message
    remit.refresh_from_db()
    assert {name: getattr(remit, name) for name in remits.TEXTS} == before
    assert remit.edited_by is None
    assert not AuditEvent.objects.filter(event="remit.edited").exists()


def test_every_field_refused_is_named_at_once(loaded: None, secretariat: User) -> None:
    with pytest.raises(ValidationFailed) as refused:
        edit(secretariat, byt(), terms=LONG, databases=f"ok\n{LONG}", description="Mới")
    assert set(refused.value.fields) == {"terms", "databases"}


def test_a_topic_answered_elsewhere_names_the_body_by_its_code_in_any_case(
    loaded: None, secretariat: User
) -> None:
    saved, _changed = edit(secretariat, byt(), not_ours="bnv: chế độ người có công\n")
    assert saved.not_ours == [{"topic": "chế độ người có công", "body": "BNV"}]


def test_only_the_secretariat_edits_and_restores(
    loaded: None, make_user: Callable[..., User]
) -> None:
    for someone in (
        make_user("BYT", "org_admin"),
        make_user("BYT", "approver"),
        make_user("UBKTTW", "inspector"),
        SYSTEM,  # an edit names the person who made it
    ):
        with pytest.raises(NotPermitted):
            edit(someone, byt(), description="Khác")
        with pytest.raises(NotPermitted):
            remit_restore(someone, byt())
    assert not Remit.objects.filter(edited_by__isnull=False).exists()


def test_an_edited_remit_survives_a_load_and_is_loaded_again_once_restored(
    loaded: None, secretariat: User
) -> None:
    edited, _changed = edit(secretariat, byt(), description="Bộ Y tế, theo Thường trực.")
    result = remits_load(SYSTEM)
    assert result.kept == 1
    edited.refresh_from_db()
    assert edited.description == "Bộ Y tế, theo Thường trực."
    assert edited.edited_by == secretariat

    restored, changed = remit_restore(secretariat, edited)
    assert changed
    restored.refresh_from_db()
    version, spec = shipped_remit("BYT")
    assert spec is not None
    assert restored.description == spec.description
    assert restored.edited_by is None
    assert restored.source_version == version
    event = AuditEvent.objects.get(event="remit.restored")
    assert list(event.changes) == ["description"]
    assert event.data == {"version": version}
    assert remits_load(SYSTEM).kept == 0
    # Restored again: it is the shipped text already, nothing is written.
    assert remit_restore(secretariat, restored)[1] is False
    assert AuditEvent.objects.filter(event="remit.restored").count() == 1


def test_a_remit_the_shipped_file_no_longer_has_cannot_be_restored(
    loaded: None, secretariat: User
) -> None:
    remit = byt()
    Remit.objects.filter(pk=remit.pk).update(scope="BYT-OLD", edited_by=secretariat)
    remit.refresh_from_db()
    with pytest.raises(ValidationFailed):
        remit_restore(secretariat, remit)


# The pages.


@pytest.fixture
def as_secretariat(secretariat: User) -> Client:
    client = Client()
    client.force_login(secretariat)
    return client


def test_the_list_shows_every_remit_edited_or_shipped(
    loaded: None, secretariat: User, as_secretariat: Client
) -> None:
    edit(secretariat, byt(), description="Bộ Y tế, theo Thường trực.")
    page = as_secretariat.get("/feedback/remits/")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('class="list-group-item') == Remit.objects.count()
    row = re.search(r'data-scope="BYT">(.*?)</li>', html, re.S)
    assert row is not None
    assert secretariat.get_username() in row[1] or str(secretariat) in row[1]
    for scope in ("BCA", PROVINCES, "79"):
        assert f'href="/feedback/remits/{scope}/"' in html
    # Linked from the secretariat's routing queue.
    assert 'href="/feedback/remits/"' in as_secretariat.get("/feedback/handle/").content.decode()


QUERIES = 9


def test_the_list_runs_the_same_queries_however_many_remits_are_edited(
    loaded: None,
    make_user: Callable[..., User],
    as_secretariat: Client,
    django_assert_num_queries: Any,
) -> None:
    # The frame: session and user (2), the memberships (2), the queue's count in the menu
    # (1), the session's renewal (3); the remits with their organisations and editors (1).
    with django_assert_num_queries(QUERIES):
        assert as_secretariat.get("/feedback/remits/").status_code == 200
    for scope in ("BYT", "BCA", PROVINCES, "01"):
        editor = make_user("BCDTW", "secretariat")
        remit = Remit.objects.get(scope=scope)
        edit(editor, remit, **{remits.texts_read(remit)[0]: "Một dòng mới"})
    with django_assert_num_queries(QUERIES):
        html = as_secretariat.get("/feedback/remits/").content.decode()
    assert html.count("text-bg-warning") == 4


def test_the_page_edits_what_the_suggester_reads_of_each_kind_of_remit(
    loaded: None, as_secretariat: Client
) -> None:
    def boxes(scope: str) -> set[str]:
        html = as_secretariat.get(f"/feedback/remits/{scope}/").content.decode()
        return set(re.findall(r'<textarea name="(\w+)"', html))

    assert boxes("BYT") == {
        "description", "areas", "procedures", "databases", "terms", "not_ours"
    }  # fmt: skip
    assert boxes(PROVINCES) == {"description", "terms"}
    assert boxes("79") == {"place_names"}


def test_the_page_saves_and_a_refusal_is_shown_beside_its_box(
    loaded: None, secretariat: User, as_secretariat: Client
) -> None:
    remit = byt()
    form = {
        "description": remit.description,
        "areas": remits.as_lines(remit, "fields"),
        "procedures": remits.as_lines(remit, "procedures"),
        "databases": remits.as_lines(remit, "databases"),
        "terms": remits.as_lines(remit, "terms") + "\r\nsổ khám bệnh điện tử",
        "not_ours": remits.as_lines(remit, "not_ours"),
    }
    refused = as_secretariat.post("/feedback/remits/BYT/", {**form, "areas": f"y tế\r\n{LONG}"})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert re.search(r'id="id_areas-errors"[^>]*>.*line 2', html, re.S)
    assert "sổ khám bệnh điện tử" in html  # what was typed is shown again
    assert Remit.objects.get(scope="BYT").edited_by is None

    saved = as_secretariat.post("/feedback/remits/BYT/", form)
    assert saved.status_code == 302
    remit.refresh_from_db()
    assert remit.terms[-1] == "sổ khám bệnh điện tử"
    assert remit.edited_by == secretariat
    # Saved again unchanged: said so, nothing written.
    again = as_secretariat.post("/feedback/remits/BYT/", form, follow=True)
    assert "Nothing changed" in again.content.decode()
    assert AuditEvent.objects.filter(event="remit.edited").count() == 1
    # The page shows it edited, its history, and the way back.
    html = as_secretariat.get("/feedback/remits/BYT/").content.decode()
    assert 'id="restore"' in html
    history = html[html.index('id="remit-history"') :]
    assert "Words people use (" in history
    assert "→" in history


def test_two_editors_at_once_the_second_is_told_and_nothing_is_overwritten(
    loaded: None, secretariat: User, as_secretariat: Client, make_user: Callable[..., User]
) -> None:
    remit = byt()
    page = as_secretariat.get("/feedback/remits/BYT/").content.decode()
    seen = re.search(r'name="seen" value="([^"]+)"', page)
    assert seen is not None
    # Another secretary saves first, from the same page.
    other = make_user("BCDTW", "secretariat", username="thuky2")
    _, changed = remit_save(other, remit, {"terms": [*remit.terms, "sổ tiêm chủng của con"]})
    assert changed
    form = {
        "seen": seen.group(1),
        "description": "Y tế.",
        "areas": remits.as_lines(remit, "fields"),
        "procedures": remits.as_lines(remit, "procedures"),
        "databases": remits.as_lines(remit, "databases"),
        "terms": remits.as_lines(remit, "terms"),
        "not_ours": remits.as_lines(remit, "not_ours"),
    }
    late = as_secretariat.post("/feedback/remits/BYT/", form)
    assert late.status_code == 400
    assert "Someone saved this remit after you opened it" in late.content.decode()
    kept = byt()
    assert kept.terms[-1] == "sổ tiêm chủng của con"
    assert kept.description != "Y tế."
    assert kept.edited_by == other
    # A hidden field tampered with is refused too, never a 500.
    forged = as_secretariat.post("/feedback/remits/BYT/", {**form, "seen": "yesterday"})
    assert forged.status_code == 400


def test_only_the_texts_given_change(loaded: None, secretariat: User) -> None:
    remit = byt()
    before = {name: getattr(remit, name) for name in remits.TEXTS}
    saved, changed = remit_save(secretariat, remit, {"description": "Y tế, thuốc, bệnh viện."})
    assert changed
    assert saved.description == "Y tế, thuốc, bệnh viện."
    assert {n: getattr(saved, n) for n in remits.TEXTS if n != "description"} == {
        n: v for n, v in before.items() if n != "description"
    }
    with pytest.raises(ValueError, match="not a remit's text"):
        remit_save(secretariat, remit, {"scope": "BCA"})


def test_restoring_asks_for_the_box_to_be_ticked(
    loaded: None, secretariat: User, as_secretariat: Client
) -> None:
    edit(secretariat, byt(), description="Khác.")
    as_secretariat.post("/feedback/remits/BYT/restore/", {})
    assert byt().edited_by == secretariat  # not ticked: nothing restored
    response = as_secretariat.post("/feedback/remits/BYT/restore/", {"confirmed": "yes"})
    assert response.status_code == 302
    assert byt().edited_by is None
    assert as_secretariat.get("/feedback/remits/BYT/restore/").status_code == 405


def test_others_find_no_remit_pages(
    loaded: None, make_user: Callable[..., User], as_secretariat: Client
) -> None:
    for someone in (make_user("BYT", "org_admin"), make_user("UBKTTW", "inspector")):
        client = Client()
        client.force_login(someone)
        assert client.get("/feedback/remits/").status_code == 404
        assert client.get("/feedback/remits/BYT/").status_code == 404
        posted = client.post("/feedback/remits/BYT/", {"description": "Khác"})
        assert posted.status_code == 404
        restored = client.post("/feedback/remits/BYT/restore/", {"confirmed": "yes"})
        assert restored.status_code == 404
        assert 'href="/feedback/remits/"' not in client.get("/feedback/handle/").content.decode()
    assert Client().get("/feedback/remits/").status_code == 302  # to sign in
    assert as_secretariat.get("/feedback/remits/NOPE/").status_code == 404
    assert (
        not AuditEvent.objects.filter(event__startswith="remit.")
        .exclude(event="remit.loaded")
        .exists()
    )
