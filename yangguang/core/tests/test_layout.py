"""The layout of docs/architecture.md holds: every module stays small enough to read, and pages and API
handlers stay thin (they read through queries and write through actions, never save models themselves)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "yangguang"
CEILING = 600  # lines; a module that grows past ~500 becomes a package split by sub-domain

WRITES = {"save", "delete", "create", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}


def _modules(*roots: Path):
    for root in roots:
        for path in sorted(root.rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_no_module_passes_the_ceiling():
    too_long = {
        str(p.relative_to(ROOT)): n
        for p in _modules(PACKAGE, ROOT / "bench", ROOT / "tests")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > CEILING
    }
    assert too_long == {}, f"split these by sub-domain: {too_long}"


def _thin_modules():
    for path in _modules(PACKAGE):
        rel = path.relative_to(PACKAGE).parts
        if "tests" in rel or len(rel) < 2:
            continue
        if rel[1] in ("views", "api", "views.py", "api.py", "public_views.py") and rel[0] != "api":
            yield path


def _writes_in(source: str, label: str) -> list[str]:
    """Calls that write a model: `Model.objects.create(...)`, `obj.save()`, `qs.delete()` …"""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name = node.func.attr
        target = node.func.value
        through_manager = isinstance(target, ast.Attribute) and target.attr == "objects"
        if name in WRITES and (through_manager or name in ("save", "delete")):
            found.append(f"{label}:{node.lineno} .{name}()")
    return found


def test_views_and_api_handlers_write_only_through_actions():
    thin = list(_thin_modules())
    assert len(thin) > 20, "the view and API modules were not found"
    writes = [w for p in thin for w in _writes_in(p.read_text(encoding="utf-8"), str(p.relative_to(ROOT)))]
    assert writes == []


def test_the_write_detector_sees_writes_and_ignores_reads():
    source = "def v(request):\n    Case.objects.create(x=1)\n    obj.save()\n    d.update(a=1)\n    Case.objects.filter(x=1)\n"
    assert [w.split()[1] for w in _writes_in(source, "probe")] == [".create()", ".save()"]
