"""The public search index (services/search.py): a tsvector table under GIN in PostgreSQL, an FTS5
table in SQLite. Existing items are indexed by `yangguang search rebuild`."""

from django.db import migrations

from yangguang.core.search import TextIndex

INDEX = TextIndex(
    table="services_search",
    columns=(
        ("unit_id", "bigint"),
        ("theme", "varchar(60)"),
        ("item_type", "varchar(20)"),
        ("published_at", "timestamptz"),
    ),
    order="published_at",
)  # as in services/search.py when this migration was written


def create(apps, schema_editor):
    for sql in INDEX.ddl(schema_editor.connection.vendor):
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    for sql in INDEX.drop_ddl():
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("services", "0006_pause_last_is_end_day")]
    operations = [migrations.RunPython(create, drop)]
