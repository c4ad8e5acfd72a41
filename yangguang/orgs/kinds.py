"""The built-in unit kinds (extensible: administrators add more)."""

KINDS = [
    ("government", "政府机关", "Government body"),
    ("department", "部门", "Department"),
    ("service_centre", "政务服务中心", "Service centre"),
    ("window", "窗口", "Window"),
    ("township", "乡镇", "Township"),
    ("village", "村社区", "Village / community"),
    ("bank_branch", "分行", "Bank branch"),
    ("central_sub_branch", "中心支行", "Central sub-branch"),
    ("sub_branch", "支行", "Sub-branch"),
    ("outlet", "网点", "Outlet"),
    ("office", "机关部室", "Office / department"),
    ("court", "法院", "Court"),
    ("tribunal", "审判庭", "Tribunal"),
    ("detached_tribunal", "派出法庭", "Detached tribunal"),
    ("other", "其他", "Other"),
]


def ensure_unit_kinds() -> dict:
    """The kinds by code, creating any that are missing (tests that flush tables need this)."""
    from .models import UnitKind

    for code, name, name_en in KINDS:
        UnitKind.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en})
    return {k.code: k for k in UnitKind.objects.all()}
