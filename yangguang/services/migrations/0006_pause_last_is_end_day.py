"""A pause's `last` becomes the day it ended (the clock excludes (first, last], 民法典 art. 201).

Before, `last` held the day before the resume (an inclusive span); a pause closed by a return held
the return day and is left as it is.
"""

from datetime import timedelta

from django.db import migrations


def forwards(apps, schema_editor):
    Pause = apps.get_model("services", "Pause")
    for p in Pause.objects.filter(last__isnull=False).select_related("case").iterator():
        if p.case.status == "returned" and p.last == p.case.completed_on:
            continue
        p.last = p.last + timedelta(days=1)
        p.save(update_fields=["last"])


def backwards(apps, schema_editor):
    Pause = apps.get_model("services", "Pause")
    for p in Pause.objects.filter(last__isnull=False).select_related("case").iterator():
        if p.case.status == "returned" and p.last == p.case.completed_on:
            continue
        p.last = max(p.first, p.last - timedelta(days=1))
        p.save(update_fields=["last"])


class Migration(migrations.Migration):
    dependencies = [("services", "0005_public_case_and_worded_notices")]
    operations = [migrations.RunPython(forwards, backwards)]
