"""北海海事法院: its tribunals and the 贵港法庭."""

from __future__ import annotations

from .builder import _Builder


def _court(b: _Builder) -> None:
    root = b.unit(
        None, "BHHSFY", "北海海事法院", "court", level_names=["法院", "审判庭"], short_name="北海海事法院"
    )
    b.staff(root, "BHHSFY-001", "院长", "leader", name="廖少昆")
    b.staff(root, "BHHSFY-002", "审判管理办公室主任", "admin", name="黄敏")
    for code, name, kind, judges in [
        ("LA", "立案庭", "tribunal", 4),
        ("HS", "海事审判庭", "tribunal", 7),
        ("HSH", "海商审判庭", "tribunal", 7),
        ("ZX", "执行庭", "tribunal", 5),
        ("GG", "贵港法庭", "detached_tribunal", 4),
    ]:
        t = b.unit(root, f"BHHSFY-{code}", name, kind)
        for j in range(judges):
            b.staff(t, f"{t.code}-J{j + 1:02d}", "庭长" if j == 0 else "审判员", "judge")
        for c in range(max(2, judges // 2)):
            b.staff(t, f"{t.code}-C{c + 1:02d}", "书记员")
