"""Investment dossiers get a dated history: where a dossier stands moves from its own `state`
and `missing_documents` to its steps (`DossierDecision`), each dossier keeps the appraising
body it was registered with, and `dated` becomes `registered_on`.

Each existing dossier's state becomes its first step, dated on its `dated` (all that is known
of it); going back, each dossier takes the state of its latest step again."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# A returned dossier always names what is missing; one returned before the history did not.
NOT_RECORDED = "(chưa ghi nhận)"


def states_to_steps(apps, schema_editor):
    dossiers = apps.get_model("registry", "InvestmentDossier")
    decisions = apps.get_model("registry", "DossierDecision")
    organizations = apps.get_model("orgs", "Organization")
    if not dossiers.objects.exists():
        return
    appraiser = organizations.objects.filter(code=settings.NQ57_DOSSIER_APPRAISER).first()
    if appraiser is None:
        raise RuntimeError(
            f"NQ57_DOSSIER_APPRAISER names no organisation ({settings.NQ57_DOSSIER_APPRAISER!r}):"
            " load the organisations (manage.py load_orgs) or set it, then migrate again."
        )
    dossiers.objects.update(appraiser=appraiser)
    decisions.objects.bulk_create(
        decisions(
            dossier_id=dossier.pk,
            step=1,
            state=dossier.state,
            dated=dossier.registered_on,
            missing_documents=dossier.missing_documents
            or (NOT_RECORDED if dossier.state == "returned" else ""),
        )
        for dossier in dossiers.objects.order_by("pk")
    )


def steps_to_states(apps, schema_editor):
    dossiers = apps.get_model("registry", "InvestmentDossier")
    decisions = apps.get_model("registry", "DossierDecision")
    for dossier in dossiers.objects.order_by("pk"):
        latest = decisions.objects.filter(dossier_id=dossier.pk).order_by("-dated", "-step").first()
        if latest is not None:
            # The old states had no "resubmitted": awaiting appraisal again is "registered".
            kept = latest.state in ("approved", "returned")
            dossier.state = latest.state if kept else "registered"
            dossier.missing_documents = latest.missing_documents
            dossier.save(update_fields=["state", "missing_documents"])


class Migration(migrations.Migration):

    dependencies = [
        ("orgs", "0002_org_closing_and_central_kinds"),
        ("registry", "0005_ranking_covering_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(
            model_name="investmentdossier", old_name="dated", new_name="registered_on"
        ),
        migrations.AlterModelOptions(
            name="investmentdossier",
            options={
                "ordering": ["database", "registered_on", "pk"],
                "verbose_name": "investment dossier",
                "verbose_name_plural": "investment dossiers",
            },
        ),
        migrations.AlterField(
            model_name="investmentdossier",
            name="registered_on",
            field=models.DateField(verbose_name="registered on"),
        ),
        migrations.AddField(
            model_name="investmentdossier",
            name="reference",
            field=models.CharField(blank=True, max_length=100, verbose_name="reference"),
        ),
        migrations.AddField(
            model_name="investmentdossier",
            name="appraiser",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="dossiers_appraised",
                to="orgs.organization",
                verbose_name="appraising body",
            ),
        ),
        migrations.CreateModel(
            name="DossierDecision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("step", models.PositiveSmallIntegerField(verbose_name="step")),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("registered", "Registered"),
                            ("resubmitted", "Resubmitted"),
                            ("approved", "Approved"),
                            ("returned", "Returned"),
                        ],
                        max_length=16,
                        verbose_name="state",
                    ),
                ),
                ("dated", models.DateField(verbose_name="dated")),
                (
                    "missing_documents",
                    models.TextField(blank=True, verbose_name="missing documents"),
                ),
                ("note", models.TextField(blank=True, verbose_name="note")),
                ("recorded_at", models.DateTimeField(auto_now_add=True)),
                (
                    "dossier",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="decisions",
                        to="registry.investmentdossier",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "dossier decision",
                "verbose_name_plural": "dossier decisions",
                "ordering": ["dossier", "step"],
                "indexes": [
                    models.Index(
                        fields=["dossier", "-dated", "-step"], name="dossier_step_latest_first"
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("dossier", "step"), name="dossier_step_once"),
                    models.CheckConstraint(
                        condition=models.Q(("step__gte", 1)), name="dossier_step_from_one"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("state", "returned"), _negated=True),
                            models.Q(("missing_documents", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="dossier_return_names_missing",
                    ),
                ],
            },
        ),
        migrations.RunPython(states_to_steps, steps_to_states),
        migrations.RemoveField(model_name="investmentdossier", name="state"),
        migrations.RemoveField(model_name="investmentdossier", name="missing_documents"),
        migrations.AlterField(
            model_name="investmentdossier",
            name="appraiser",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="dossiers_appraised",
                to="orgs.organization",
                verbose_name="appraising body",
            ),
        ),
        migrations.AlterField(
            model_name="investmentdossier",
            name="database",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="dossiers",
                to="registry.database",
                verbose_name="database",
            ),
        ),
    ]
