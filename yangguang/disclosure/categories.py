"""The default disclosure catalogue (a configurable tree: administrators add and change nodes)."""

from __future__ import annotations

# (code, name, parent code, update cycle in days (0: on change), prerequisite, annual-report line)
DEFAULTS = [
    ("organisation", "机构职能", "", 365, "", ""),
    ("regulations", "法规文件", "", 0, "", ""),
    ("rules", "规章", "regulations", 0, "", "rule"),
    ("normative", "行政规范性文件", "regulations", 0, "", "normative"),
    ("plans", "规划计划", "", 365, "", ""),
    ("budget", "财政预决算", "", 365, "", ""),
    ("accounts", "财务收支", "budget", 365, "audit", ""),
    ("personnel", "人事信息", "", 0, "", ""),
    ("licensing", "行政许可", "", 0, "", "license"),
    ("penalty", "行政处罚", "", 0, "", "penalty"),
    ("coercion", "行政强制", "", 0, "", "coercion"),
    ("fees", "行政事业性收费", "", 365, "", "fee"),
    ("decisions", "重大决策", "", 0, "discussion", ""),
    ("proposals", "建议提案办理", "", 365, "", ""),
    ("statistics", "统计信息", "", 90, "publish_first", ""),
    ("notice_board", "公开栏", "", 30, "", ""),
]


def ensure(Category=None) -> dict:
    """Create the default categories that are missing; returns them by code."""
    if Category is None:
        from .models import Category
    existing = {c.code: c for c in Category.objects.all()}
    for i, (code, name, parent, cycle, prereq, kind) in enumerate(DEFAULTS):
        if code in existing:
            continue
        existing[code] = Category.objects.create(
            code=code,
            name=name,
            parent=existing.get(parent) if parent else None,
            order=i * 10,
            update_cycle_days=cycle,
            prerequisite=prereq,
            report_kind=kind,
        )
    return existing
