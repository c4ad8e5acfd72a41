"""The public search index (services/search.py): a tsvector table under GIN in PostgreSQL, an FTS5
table in SQLite. Existing items are indexed by `yangguang search rebuild`.

The DDL is frozen here as literal SQL (what core.search.TextIndex produced when this migration was
written): a later change of core/search.py must not change what this migration did."""

from django.db import migrations

DDL = {
    "postgresql": [
        "CREATE TABLE services_search (id bigint PRIMARY KEY, unit_id bigint, theme varchar(60), "
        "item_type varchar(20), published_at timestamptz, vector tsvector NOT NULL)",
        "CREATE INDEX services_search_vector ON services_search USING gin (vector)",
    ],
    "sqlite": [
        "CREATE VIRTUAL TABLE services_search USING fts5(title, body, unit_id UNINDEXED, theme UNINDEXED, "
        "item_type UNINDEXED, published_at UNINDEXED, tokenize='unicode61')",
    ],
}
DROP = ["DROP TABLE IF EXISTS services_search"]


def create(apps, schema_editor):
    for sql in DDL[schema_editor.connection.vendor]:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    for sql in DROP:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("services", "0006_pause_last_is_end_day")]
    operations = [migrations.RunPython(create, drop)]
