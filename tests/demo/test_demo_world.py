"""Every check against the demo world, in one test so that the world is built once per test process
(conftest.py says why one test): each check runs in a savepoint rolled back after it, and the test
fails once, naming every check that failed and why.

- vocabulary: every page a demo login reaches speaks Chinese; nothing in the demo is dated ahead;
- workbench: each demo login's to-do counts equal the tables';
- fuzz: the whole API fuzzed as the demo's anonymous visitor, window clerk and prefecture administrator;
- probe: another unit's object answers as a missing one, probed by the window clerk and 济南's
  administrator.
"""

from __future__ import annotations

import traceback

from django.db import transaction

from . import fuzz, probe, vocabulary, workbench


def test_problems_finds_codes_english_and_ascii_punctuation():
    problems = vocabulary.problems
    assert problems("受理 (online) 办件") == ["word 'online'"]
    assert problems("同分比较 deposit") == ["word 'deposit'"]
    assert problems("单位平均分:87.97") == ["ASCII punctuation '分:'"]
    assert problems("PBC-JN-03 · 2026-Q1 · v2 · 20 MB · .xlsx · 红灯 超期") == []


def checks(users: dict, client_of) -> dict:
    out = {
        "vocabulary: nothing dated after the build": vocabulary.check_nothing_in_the_demo_is_dated_after_it_was_built,
        "vocabulary: every demo user meets only Chinese": vocabulary.check_every_demo_user_meets_only_chinese,
        "workbench: counts match the tables": lambda: workbench.check_workbench_counts_match_the_demo_tables(
            users, client_of
        ),
    }
    for who in fuzz.WHO:
        out[f"fuzz as {who}"] = lambda who=who: fuzz.check_fuzz(users, who)
    for who in probe.WHO:
        out[f"probe as {who}"] = lambda who=who: probe.check_another_units_object_answers_as_a_missing_one(
            users, who
        )
    return out


def test_the_demo_world(demo_users, client_of):
    failed = {}
    for name, check in checks(demo_users, client_of).items():
        try:
            with transaction.atomic():
                check()
                transaction.set_rollback(True)  # what the check wrote is undone before the next
        except Exception as e:
            failed[name] = str(e) if isinstance(e, AssertionError) else traceback.format_exc()
    assert not failed, "\n\n".join(f"== {name}\n{why}" for name, why in failed.items())
