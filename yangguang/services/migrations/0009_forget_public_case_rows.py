"""The lookup's read model rows were written before pauses ended on their resume day (0006) and before
they carried extensions, notices and the clock's inputs (0008). Forget them: a lookup reads the case
tables while a row is missing, and the next change of a case (or `publicview.rebuild()`) writes it anew.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    apps.get_model("services", "PublicCase").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("services", "0008_clock_notices")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
