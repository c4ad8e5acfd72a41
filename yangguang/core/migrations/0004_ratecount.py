"""The shared rate-limit counters (core/ratelimit.py): one row per client address and window, kept
where every app process sees it. A plain table (the counts are transient: no model), made here by a
migration rather than on first use, so the app never needs the right to create tables at run time.
Literal SQL that PostgreSQL and SQLite both accept; frozen, as a migration must be."""

from django.db import migrations

CREATE = [
    "CREATE TABLE IF NOT EXISTS yangguang_ratecount "
    "(bucket varchar(200) PRIMARY KEY, n bigint NOT NULL, expires bigint NOT NULL)",
    "CREATE INDEX IF NOT EXISTS yangguang_ratecount_expires ON yangguang_ratecount (expires)",
]
DROP = ["DROP TABLE IF EXISTS yangguang_ratecount"]


class Migration(migrations.Migration):
    dependencies = [("core", "0003_job")]
    operations = [migrations.RunSQL(CREATE, DROP)]
