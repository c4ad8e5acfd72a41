"""The public search index (disclosure/search.py): a tsvector table under GIN in PostgreSQL, an FTS5
table in SQLite. Existing records are indexed by `yangguang search rebuild`.

The DDL is frozen here as literal SQL (what core.search.TextIndex produced when this migration was
written): a later change of core/search.py must not change what this migration did."""

from django.db import migrations

DDL = {
    "postgresql": [
        "CREATE TABLE disclosure_search (id bigint PRIMARY KEY, unit_id bigint, category_id bigint, "
        "published_on date, vector tsvector NOT NULL)",
        "CREATE INDEX disclosure_search_vector ON disclosure_search USING gin (vector)",
    ],
    "sqlite": [
        "CREATE VIRTUAL TABLE disclosure_search USING fts5(title, body, unit_id UNINDEXED, "
        "category_id UNINDEXED, published_on UNINDEXED, tokenize='unicode61')",
    ],
}
DROP = ["DROP TABLE IF EXISTS disclosure_search"]


def create(apps, schema_editor):
    for sql in DDL[schema_editor.connection.vendor]:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    for sql in DROP:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0005_verbose_names")]
    operations = [migrations.RunPython(create, drop)]
