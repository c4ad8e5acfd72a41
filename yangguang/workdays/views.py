from datetime import date

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from .calendar import CalendarError
from .models import Override, YearNotice
from .queries import calendar


@login_required
def calendar_view(request):
    """A calculator and the overrides in force; notices are entered in the admin."""
    result = error = None
    start, n = request.GET.get("start", ""), request.GET.get("n", "")
    if start and n:
        try:
            result = calendar().add_workdays(date.fromisoformat(start), int(n))
        except (ValueError, CalendarError):
            error = _("Enter a real date (YYYY-MM-DD) and a whole number of days ≥ 0.")
    return render(
        request,
        "workdays/calendar.html",
        {
            "result": result,
            "error": error,
            "start": start,
            "n": n,
            "notices": YearNotice.objects.all(),
            "overrides": Override.objects.order_by("-date")[:60],
        },
    )
