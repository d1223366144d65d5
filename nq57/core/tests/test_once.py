"""A page form saves once: the same key again (a double click, a resent page) writes
nothing and lands where the first did; a failed first leaves the key free; racing repeats on
PostgreSQL write once."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from nq57.core.errors import ValidationFailed
from nq57.core.models import FormSubmission
from nq57.core.once import save_once

from .racing import race

pytestmark = pytest.mark.django_db


class Writer:
    """A write that counts its calls, and can fail."""

    def __init__(self, fail: bool = False, pause: float = 0) -> None:
        self.calls = 0
        self.fail = fail
        self.pause = pause

    def __call__(self) -> str:
        self.calls += 1
        time.sleep(self.pause)
        if self.fail:
            raise ValidationFailed("refused", fields={"percent": ["Too high."]})
        return f"result-{self.calls}"


def test_the_same_key_writes_once_and_lands_where_the_first_did() -> None:
    key, write = uuid.uuid4(), Writer()
    first = save_once(7, key, write, lambda result: f"/tasks/{result}/")
    again = save_once(7, key, write, lambda result: f"/tasks/{result}/")
    assert (first.result, first.repeated) == ("result-1", False)
    assert (again.result, again.repeated, again.earlier_target) == (None, True, "/tasks/result-1/")
    assert write.calls == 1
    # Keys are the user's: another user's form with the same key is another form.
    assert not save_once(8, key, write, str).repeated
    assert write.calls == 2


def test_without_a_key_every_submission_writes() -> None:
    write = Writer()
    for _ in range(2):
        assert not save_once(7, None, write, str).repeated
    assert write.calls == 2
    assert not FormSubmission.objects.exists()


def test_a_refused_first_submission_leaves_its_key_free() -> None:
    key = uuid.uuid4()
    with pytest.raises(ValidationFailed):
        save_once(7, key, Writer(fail=True), str)
    assert not FormSubmission.objects.exists()  # nothing half-written
    corrected = Writer()
    assert save_once(7, key, corrected, str).result == "result-1"


def test_keys_are_forgotten_after_a_day() -> None:
    old, recent = uuid.uuid4(), uuid.uuid4()
    with time_machine.travel(timezone.now() - timedelta(days=1, minutes=1)):
        save_once(7, old, Writer(), str)
    save_once(7, recent, Writer(), str)
    out = StringIO()
    call_command("expire_form_keys", stdout=out)
    assert out.getvalue().strip() == "1 form key(s) removed, 0 draft(s) removed"
    assert list(FormSubmission.objects.values_list("key", flat=True)) == [recent]


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_submissions_racing_with_one_key_write_once() -> None:
    key, write = uuid.uuid4(), Writer(pause=0.3)
    outcomes: list[bool] = []

    def submit() -> None:
        outcomes.append(save_once(7, key, write, str).repeated)

    assert race(submit, submit) == []
    assert sorted(outcomes) == [False, True]
    assert write.calls == 1
