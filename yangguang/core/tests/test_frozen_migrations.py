"""Migrations are history: the search indexes' migrations carry their DDL as literal SQL and import no
project code, so a later change of core/search.py cannot change what they did. While the apps' index
declarations still equal what was migrated, the frozen SQL is what core.search would write today; when
this fails after a change of an index, write a new migration (do not edit the old one)."""

import ast
import importlib
import inspect

import pytest

FROZEN = [
    ("yangguang.services.migrations.0007_search", "yangguang.services.search"),
    ("yangguang.disclosure.migrations.0006_search", "yangguang.disclosure.search"),
]


@pytest.mark.parametrize("migration, index", FROZEN)
def test_search_migrations_are_frozen_sql(migration, index):
    mod = importlib.import_module(migration)
    tree = ast.parse(inspect.getsource(mod))
    imported = [
        n.module if isinstance(n, ast.ImportFrom) else a.name
        for n in ast.walk(tree)
        if isinstance(n, ast.Import | ast.ImportFrom)
        for a in (n.names if isinstance(n, ast.Import) else [n])
    ]
    assert not [m for m in imported if m and m.startswith("yangguang")], imported
    current = importlib.import_module(index).INDEX
    for vendor in ("postgresql", "sqlite"):
        assert mod.DDL[vendor] == current.ddl(vendor), vendor
    assert mod.DROP == current.drop_ddl()
