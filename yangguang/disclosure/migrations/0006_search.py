"""The public search index (disclosure/search.py): a tsvector table under GIN in PostgreSQL, an FTS5
table in SQLite. Existing records are indexed by `yangguang search rebuild`."""

from django.db import migrations

from yangguang.core.search import TextIndex

INDEX = TextIndex(
    table="disclosure_search",
    columns=(("unit_id", "bigint"), ("category_id", "bigint"), ("published_on", "date")),
    order="published_on",
)  # as in disclosure/search.py when this migration was written


def create(apps, schema_editor):
    for sql in INDEX.ddl(schema_editor.connection.vendor):
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    for sql in INDEX.drop_ddl():
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0005_verbose_names")]
    operations = [migrations.RunPython(create, drop)]
