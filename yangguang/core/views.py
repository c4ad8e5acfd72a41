from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from yangguang.core import metrics


@login_required
def home(request):
    return render(request, "core/home.html", {"metrics": metrics.all_metrics()})


def healthz(request):
    with connection.cursor() as c:
        c.execute("SELECT 1")
    return JsonResponse({"ok": True})


def bare_json(request):
    """The baseline for load benchmarks: the cheapest Django JSON response, no database."""
    return JsonResponse({"ok": True})
