"""Leave room on each page of services_case so the sweep's light updates are HOT (PostgreSQL only)."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE services_case SET (fillfactor = 85)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE services_case RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [("services", "0003_open_case_index")]
    operations = [migrations.RunPython(forwards, backwards)]
