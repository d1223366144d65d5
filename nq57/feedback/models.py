"""Feedback, recommendations, initiatives and solutions from the public, and their handling."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from nq57.accounts.access import Actor, scope_of
from nq57.core.models import TimeStampedModel

from .choices import ItemStatus, Kind


class Field(TimeStampedModel):
    """A field (lĩnh vực) items are sorted by; the secretariat keeps the list."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("field")

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "vi").startswith("en") else self.name_vi


class DeadlineRule(models.Model):
    """How many working days a body has to answer an item of a kind (15 when none is set)."""

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, unique=True)
    working_days = models.PositiveSmallIntegerField(_("working days to answer"))

    def __str__(self) -> str:
        return f"{self.kind}: {self.working_days}"


class ItemQuerySet(models.QuerySet["Item"]):
    def published(self) -> ItemQuerySet:
        """Answered items whose answer is public: anyone may read them (without personal
        data)."""
        return self.filter(status=ItemStatus.ANSWERED).exclude(public_answer="")

    def visible_to(self, actor: Actor) -> ItemQuerySet:
        """Everything for the secretariat; the items of the bodies in an official's scope
        and the published ones for an official; the published ones for anyone else. (A
        sender's own items are read through `sent_by`, with their personal data.)"""
        scope = scope_of(actor)
        if scope.everything:  # the secretariat and the inspectors
            return self.all()
        if actor.is_authenticated and scope.paths:
            return self.filter(
                Q(body_id__in=scope.subtree_org_ids()) | Q(pk__in=self.model.objects.published())
            )
        return self.published()


class Item(TimeStampedModel):
    """What a citizen, business or scientist sent: its content and contact (personal data,
    seen only by those handling it), and where its handling stands."""

    objects = ItemQuerySet.as_manager()

    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    field = models.ForeignKey(
        Field, on_delete=models.PROTECT, related_name="items", verbose_name=_("field")
    )
    title = models.CharField(_("title"), max_length=300)
    content = models.TextField(_("content"))
    legal_reference = models.CharField(
        _("legal document or procedure concerned"), max_length=500, blank=True
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="feedback_items"
    )
    contact_name = models.CharField(_("name"), max_length=200)
    contact_address = models.CharField(_("address"), max_length=300, blank=True)
    contact_phone = models.CharField(_("phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    identity_number = models.CharField(_("identity number"), max_length=20, blank=True)
    answer_private = models.BooleanField(_("keep the answer private"), default=False)
    received_at = models.DateTimeField(_("received at"))
    keep_until = models.DateField()  # at least five years after receipt
    # The day the retention job removed the sender's personal data (None: still held).
    personal_data_removed_on = models.DateField(null=True, blank=True, editable=False)
    status = models.CharField(
        max_length=10, choices=ItemStatus.choices, default=ItemStatus.RECEIVED
    )
    body = models.ForeignKey(
        "orgs.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible body"),
    )
    routed_on = models.DateField(null=True, blank=True)
    due_on = models.DateField(_("answer due"), null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)
    escalated_on = models.DateField(null=True, blank=True)
    # Sent back to sorting twice or more: the secretariat looks at it itself.
    bounces = models.PositiveSmallIntegerField(default=0)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    # What the public reads, personal data removed (rules.published_copy); all empty while
    # the item is not published.
    public_title = models.CharField(max_length=300, blank=True)
    public_content = models.TextField(blank=True)
    public_legal_reference = models.CharField(max_length=500, blank=True)
    public_answer = models.TextField(blank=True)
    # ' word word ': the accent-free words of the published title, content and answer (the
    # public search's index: empty while the item is not published).
    search_text = models.TextField(blank=True, editable=False)
    # An initiative's or solution's fate: adopted (and the task it became) or not.
    decision = models.CharField(max_length=10, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    task = models.ForeignKey(
        "tasks.Task", null=True, blank=True, on_delete=models.SET_NULL, related_name="initiatives"
    )
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates"
    )

    class Meta:
        indexes = [
            models.Index(fields=["status", "due_on"], name="item_open_by_due"),
            models.Index(fields=["body", "status"], name="item_by_body"),
        ]

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def needs_attention(self) -> bool:
        return self.bounces >= 2 and self.status == ItemStatus.RECEIVED

    @property
    def answered_on_time(self) -> bool | None:
        if self.answered_at is None or self.due_on is None:
            return None
        return timezone.localdate(self.answered_at) <= self.due_on


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"feedback/{instance.item.tracking_code}/{filename}"


class Attachment(models.Model):
    """A file sent with an item, or with its answer."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="attachments")
    with_answer = models.BooleanField(default=False)
    file = models.FileField(upload_to=attachment_path)
    name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    def __str__(self) -> str:
        return self.name


class Rating(models.Model):
    """The sender's judgement of the answer: resolved or not, and how satisfied (1–5)."""

    item = models.OneToOneField(Item, on_delete=models.CASCADE, related_name="rating")
    resolved = models.BooleanField()
    satisfaction = models.PositiveSmallIntegerField()
    rated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(satisfaction__gte=1, satisfaction__lte=5),
                name="satisfaction_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.satisfaction}"


class Support(models.Model):
    """A signed-in person backing a published item: once per account."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "user"], name="support_once")]

    def __str__(self) -> str:
        return f"{self.item_id} ← {self.user_id}"


class Assessment(models.Model):
    """A reviewer's assessment of an initiative or a solution: novelty, feasibility and impact
    from 1 to 5, with comments."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="assessments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    novelty = models.PositiveSmallIntegerField(_("novelty"))
    feasibility = models.PositiveSmallIntegerField(_("feasibility"))
    impact = models.PositiveSmallIntegerField(_("impact"))
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "reviewer"], name="assessment_once"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} by {self.reviewer_id}"

    @property
    def score(self) -> float:
        return round((self.novelty + self.feasibility + self.impact) / 3, 2)


class SuggesterVersion(models.Model):
    """A trained routing suggester: what it learnt from and where its file is. The one put in
    use last is in use (a version trained again, when the knowledge went back to what it
    was, is put in use again); each routing decision records the version that suggested
    (`item_route`)."""

    version = models.CharField(max_length=40, unique=True)
    trained_at = models.DateTimeField(auto_now_add=True)
    in_use_since = models.DateTimeField(default=timezone.now)
    file_name = models.CharField(max_length=200)
    file_sha256 = models.CharField(max_length=64)
    remits = models.PositiveIntegerField(default=0)
    decisions = models.PositiveIntegerField(default=0)
    examples = models.PositiveIntegerField(default=0)
    temperature = models.FloatField(default=1.0)
    seconds = models.FloatField(default=0.0)  # how long training took

    class Meta:
        ordering = ["-in_use_since", "-pk"]

    def __str__(self) -> str:
        return self.version
