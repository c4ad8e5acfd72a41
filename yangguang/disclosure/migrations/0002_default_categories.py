from django.db import migrations


def seed(apps, schema_editor):
    from yangguang.disclosure.categories import ensure

    ensure(apps.get_model("disclosure", "Category"))


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
