"""The copy of the bulletin's number and ledger hash is gone: 0005 linked each run to its bulletin."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("supervision", "0005_run_bulletin")]

    operations = [migrations.RemoveField(model_name="assessmentrun", name="bulletin_ref")]
