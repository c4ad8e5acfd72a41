"""An assessment run points at its contests bulletin instead of keeping a copy of the bulletin's
number and ledger hash (`bulletin_ref`): a copy went stale when `yangguang contests rekey` re-chained
the ledger. Existing copies are resolved to their bulletin (the run's evaluation and the number, or
the hash), then dropped (0006: on PostgreSQL a table is not altered in the transaction that updated its rows
under a deferred foreign key)."""

import django.db.models.deletion
from django.db import migrations, models


def link(apps, schema_editor):
    Run = apps.get_model("supervision", "AssessmentRun")
    Bulletin = apps.get_model("contests", "Bulletin")
    for run in Run.objects.exclude(bulletin_ref=""):
        number, _, seal = run.bulletin_ref.partition(":")
        b = None
        if run.evaluation_id and number.isdigit():
            b = Bulletin.objects.filter(evaluation_id=run.evaluation_id, number=int(number)).first()
        if b is None and seal:
            b = Bulletin.objects.filter(ledger_hash=seal).first()
        if b is not None:
            Run.objects.filter(pk=run.pk).update(bulletin=b)


def unlink(apps, schema_editor):
    Run = apps.get_model("supervision", "AssessmentRun")
    for run in Run.objects.exclude(bulletin=None).select_related("bulletin"):
        ref = f"{run.bulletin.number}:{run.bulletin.ledger_hash}"[:200]
        Run.objects.filter(pk=run.pk).update(bulletin_ref=ref)


class Migration(migrations.Migration):
    dependencies = [
        ("contests", "0001_initial"),
        ("supervision", "0004_alter_decisionstep_options"),
    ]

    operations = [
        migrations.AddField(
            model_name="assessmentrun",
            name="bulletin",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="contests.bulletin",
            ),
        ),
        migrations.RunPython(link, unlink),
    ]
