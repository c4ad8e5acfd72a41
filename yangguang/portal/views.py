import re

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from yangguang.core import metrics as registry
from yangguang.core.ratelimit import public_rate_limit

from . import front, workbench

CJK = re.compile(r"[\u4e00-\u9fff]")
SUBJECTS = {"unit": _("Per unit"), "person": _("Per person")}


def root(request):
    """`/`: the workbench for a signed-in person, the public front door for everyone else."""
    if request.user.is_authenticated:
        return workbench_page(request)
    return home(request)


@public_rate_limit("portal_home")
def home(request):
    return render(request, "portal/home.html", front.context(timezone.localdate()))


@login_required
def workbench_page(request):
    today = timezone.localdate()
    groups = workbench.todo(request.user, today)
    return render(request, "portal/workbench.html", {"groups": groups, "today": today})


def _about(m) -> str:
    """The metric's description when it is UI text: a translatable string, or already Chinese. A plain
    English docstring (some domains pass their function's __doc__) would put English in a Chinese page."""
    d = m.description or ""
    if isinstance(d, Promise) or get_language().startswith("en") or CJK.search(d):
        return d
    return ""


@login_required
def metrics(request):
    """The registered metrics by domain: name, unit, which way is better, what it counts."""
    titles = {code: title for code, title, _m in workbench.DOMAINS}
    groups: dict[str, dict] = {}
    for m in registry.all_metrics():
        domain = m.name.split(".", 1)[0]
        g = groups.setdefault(domain, {"label": titles.get(domain, domain), "metrics": []})
        g["metrics"].append({"m": m, "subject": SUBJECTS.get(m.subject, m.subject), "about": _about(m)})
    return render(request, "portal/metrics.html", {"groups": list(groups.values())})
