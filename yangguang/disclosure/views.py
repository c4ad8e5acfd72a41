"""Staff pages: thin over queries and actions."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yangguang.core import jobs
from yangguang.core.errors import DomainError, NotFound
from yangguang.orgs.queries import unit_get
from yangguang.workdays.queries import calendar

from . import actions, clock, exports, forms, queries
from . import jobs as disclosure_jobs
from . import template as T
from .models import CHANNELS, Category, Consultation


def _date(value, default=None):
    d = parse_date(value or "") if isinstance(value, str) else value
    return d or default


def _fail(request, e: DomainError):
    messages.error(request, str(e.message))


@login_required
def home(request):
    data = queries.dashboard(actor=request.user)
    today = timezone.localdate()
    late = queries.disclosure_list(actor=request.user, late=True)[:10]
    stale = queries.disclosure_list(actor=request.user, stale=True)[:10]
    stale_groups = queries.stale_by_unit_and_category(actor=request.user)
    open_requests = list(
        queries.request_list(actor=request.user).exclude(status="concluded").order_by("due_on")[:15]
    )
    cal = calendar()
    for r in open_requests:
        r.light = clock.light(today, r.due_on, cal) if r.status == "open" else ""
    chart = {
        "tooltip": {},
        "xAxis": {
            "type": "category",
            "data": [
                _("Published this year"),
                _("Late"),
                _("Stale"),
                _("Open requests"),
                _("Overdue requests"),
            ],
        },
        "yAxis": {"type": "value"},
        "series": [
            {
                "type": "bar",
                "data": [
                    data["records"]["published"],
                    data["records"]["late"],
                    data["records"]["stale"],
                    data["requests"]["open"],
                    data["requests"]["overdue"],
                ],  # fmt: skip
            }
        ],
    }
    return render(
        request,
        "disclosure/home.html",
        {
            "data": data,
            "late": late,
            "stale": stale,
            "stale_groups": stale_groups,
            "open_requests": open_requests,
            "chart": json.dumps(chart, ensure_ascii=False),
        },
    )


# -- records -------------------------------------------------------------------------------------
@login_required
def records(request):
    g = request.GET
    qs = queries.disclosure_list(
        actor=request.user, status=g.get("status", ""), category=g.get("category", ""), q=g.get("q", ""),
        late=g.get("late") == "1", stale=g.get("stale") == "1",
    )  # fmt: skip
    page = Paginator(qs, 30).get_page(g.get("page"))
    return render(
        request,
        "disclosure/records.html",
        {"page": page, "categories": queries.categories(), "f": g, "statuses": actions.Disclosure.STATUSES},
    )


@login_required
def record_new(request):
    form = forms.RecordForm(request.POST or None, initial={"formed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            unit = unit_get(actor=request.user, code=c.pop("unit"))
            d = actions.disclosure_create(actor=request.user, unit=unit, category=c.pop("category"), **c)
            messages.success(
                request, _("Record saved as a draft; put it on a disclosure list to publish it.")
            )
            return redirect("disclosure:record", d.pk)
        except DomainError as e:
            _fail(request, e)
    return render(request, "disclosure/record_form.html", {"form": form})


@login_required
def record_detail(request, pk):
    d = queries.disclosure_get(actor=request.user, disclosure_id=pk)
    cal = calendar()
    today = timezone.localdate()
    return render(
        request,
        "disclosure/record.html",
        {
            "d": d,
            "pubs": d.publications.all(),
            "light": clock.light(today, d.due_on, cal)
            if d.published_on is None
            else ("red" if d.late else "green"),
            "validity_form": forms.ValidityForm(initial={"on": today, "validity": d.validity}),
            "channel_form": forms.ChannelForm(initial={"on": today}),
            "lists": queries.list_list(actor=request.user, status="draft").filter(
                unit__path__in=[d.unit.path[: 4 * i] for i in range(1, d.unit.depth + 1)]
            ),
        },
    )


@login_required
@require_POST
def record_act(request, pk, verb):
    d = queries.disclosure_get(actor=request.user, disclosure_id=pk)
    p = request.POST
    try:
        if verb == "validity":
            actions.disclosure_set_validity(
                actor=request.user,
                disclosure=d,
                validity=p.get("validity", ""),
                on=_date(p.get("on"), timezone.localdate()),
                reason=p.get("reason", ""),
            )
        elif verb == "channel":
            actions.disclosure_add_channel(
                actor=request.user,
                disclosure=d,
                channel=p.get("channel", ""),
                issue=p.get("issue", ""),
                on=_date(p.get("on"), timezone.localdate()),
            )
        elif verb == "confirm":
            actions.disclosure_confirm_current(actor=request.user, disclosure=d)
        elif verb == "report":
            actions.disclosure_report_upward(
                actor=request.user, disclosure=d, on=_date(p.get("on"), timezone.localdate())
            )
        elif verb == "attach":
            actions.attachment_add(
                actor=request.user, disclosure=d, upload=request.FILES.get("file"), name=p.get("name", "")
            )
        elif verb == "list":
            lst = queries.list_get(actor=request.user, list_id=p.get("list"))
            actions.list_add(actor=request.user, lst=lst, disclosures=[d])
        else:
            raise NotFound()
        messages.success(request, _("Saved."))
    except DomainError as e:
        if isinstance(e, NotFound):
            raise
        _fail(request, e)
    return redirect("disclosure:record", d.pk)


# -- the review chain ----------------------------------------------------------------------------
@login_required
def lists(request):
    form = forms.ListForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unit = unit_get(actor=request.user, code=form.cleaned_data["unit"])
            lst = actions.list_create(
                actor=request.user,
                unit=unit,
                period=form.cleaned_data["period"],
                title=form.cleaned_data["title"],
            )
            return redirect("disclosure:list", lst.pk)
        except DomainError as e:
            _fail(request, e)
    page = Paginator(
        queries.list_list(actor=request.user, status=request.GET.get("status", "")), 30
    ).get_page(request.GET.get("page"))
    return render(request, "disclosure/lists.html", {"page": page, "form": form})


@login_required
def list_detail(request, pk):
    lst = queries.list_get(actor=request.user, list_id=pk)
    items = lst.items.select_related("category", "unit").order_by("id")
    candidates = []
    if lst.status == "draft":
        candidates = queries.disclosure_list(actor=request.user, unit=lst.unit).filter(
            status__in=["draft", "rejected"]
        )[:100]
    returned = lst.unit.disclosures.filter(status="rejected").order_by("-updated_at")[:20]
    return render(
        request,
        "disclosure/list.html",
        {"lst": lst, "items": items, "candidates": candidates, "returned": returned,
         "publish_form": forms.PublishForm(initial={"on": timezone.localdate(), "channels": ["website"]})},
    )  # fmt: skip


@login_required
@require_POST
def list_act(request, pk, verb):
    lst = queries.list_get(actor=request.user, list_id=pk)
    p = request.POST
    try:
        if verb == "add":
            ds = [queries.disclosure_get(actor=request.user, disclosure_id=i) for i in p.getlist("records")]
            actions.list_add(actor=request.user, lst=lst, disclosures=ds)
        elif verb == "submit":
            actions.list_submit(actor=request.user, lst=lst)
        elif verb == "review":
            rejected = {int(i): p.get(f"reason_{i}", "") for i in p.getlist("reject")}
            actions.list_review(
                actor=request.user,
                lst=lst,
                rejected=rejected,
                secrecy_checked=p.get("secrecy_checked") == "1",
                note=p.get("note", ""),
            )
        elif verb == "return":
            actions.list_return(actor=request.user, lst=lst, reason=p.get("reason", ""))
        elif verb == "approve":
            actions.list_approve(actor=request.user, lst=lst, note=p.get("note", ""))
        elif verb == "publish":
            issue = p.get("issue", "")
            channels = [(c, issue if c in ("gazette", "press") else "") for c in p.getlist("channels")]
            actions.list_publish(
                actor=request.user, lst=lst, on=_date(p.get("on"), timezone.localdate()), channels=channels
            )
        else:
            raise NotFound()
        messages.success(request, _("Saved."))
    except DomainError as e:
        if isinstance(e, NotFound):
            raise
        _fail(request, e)
    return redirect("disclosure:list", lst.pk)


# -- requests ------------------------------------------------------------------------------------
@login_required
def requests_(request):
    g = request.GET
    qs = queries.request_list(
        actor=request.user, status=g.get("status", ""), q=g.get("q", ""), overdue=g.get("overdue") == "1"
    )
    page = Paginator(qs, 30).get_page(g.get("page"))
    return render(
        request, "disclosure/requests.html", {"page": page, "f": g, "statuses": actions.Request.STATUSES}
    )


@login_required
def request_new(request):
    form = forms.StaffRequestForm(request.POST or None, initial={"submitted_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            unit = unit_get(actor=request.user, code=c.pop("unit"))
            r = actions.request_file(actor=request.user, unit=unit, **c)
            return redirect("disclosure:request", r.pk)
        except DomainError as e:
            _fail(request, e)
    return render(request, "disclosure/request_form.html", {"form": form})


@login_required
def request_detail(request, pk):
    r = queries.request_get(actor=request.user, request_id=pk)
    today = timezone.localdate()
    cal = calendar()
    return render(
        request,
        "disclosure/request.html",
        {
            "r": r,
            "today": today,
            "light": clock.light(today, r.due_on, cal) if r.status == "open" else "",
            "clock": queries.request_clock(r, today),
            "correction_by": clock.correction_notice_due(cal, r.received_on).date,
            "consultations": r.consultations.all(),
            "appeals": r.appeals.all(),
            "conclude_form": forms.ConcludeForm(initial={"on": today}),
            "appeal_kinds": [(c, e) for c, _z, e in T.APPEAL_KINDS],
            "appeal_results": [(c, e) for c, _z, e in T.APPEAL_RESULTS if c != "pending"],
        },
    )


@login_required
@require_POST
def request_act(request, pk, verb):
    r = queries.request_get(actor=request.user, request_id=pk)
    p = request.POST
    on = _date(p.get("on"), timezone.localdate())
    u = request.user
    try:
        if verb == "correction":
            actions.request_send_correction(
                actor=u,
                request=r,
                notice=p.get("notice", ""),
                on=on,
                days=int(p.get("days") or clock.DEFAULT_CORRECTION_DAYS),
            )
        elif verb == "corrected":
            actions.request_correct(actor=u, request=r, text=p.get("text", ""), on=on)
        elif verb == "consult":
            actions.request_consult(actor=u, request=r, party=p.get("party", ""), on=on)
        elif verb == "consult_reply":
            c = Consultation.objects.filter(request=r, pk=p.get("consultation")).first()
            if c is None:
                raise NotFound()
            actions.consultation_reply(actor=u, consultation=c, on=on, opinion=p.get("opinion", ""))
        elif verb == "extend":
            actions.request_extend(
                actor=u,
                request=r,
                days=int(p.get("days") or 0),
                reason=p.get("reason", ""),
                on=on,
                notice_on=_date(p.get("notice_on"), on),
            )
        elif verb == "fee":
            actions.request_fee_notice(
                actor=u, request=r, method=p.get("method", ""), pages=int(p.get("pages") or 0), on=on
            )
        elif verb == "fee_paid":
            actions.request_fee_paid(actor=u, request=r, on=on)
        elif verb == "conclude":
            actions.request_conclude(
                actor=u,
                request=r,
                outcome=p.get("outcome", ""),
                reason=p.get("reason", ""),
                reply=p.get("reply", ""),
                on=on,
            )
        elif verb == "appeal":
            actions.appeal_create(
                actor=u, unit=r.unit, request=r, kind=p.get("kind", ""), filed_on=on, note=p.get("note", "")
            )
        elif verb == "appeal_decide":
            a = r.appeals.filter(pk=p.get("appeal")).first()
            if a is None:
                raise NotFound()
            actions.appeal_decide(actor=u, appeal=a, result=p.get("result", ""), on=on)
        else:
            raise NotFound()
        messages.success(request, _("Saved."))
    except (ValueError, TypeError):
        messages.error(request, _("A number is not valid."))
    except DomainError as e:
        if isinstance(e, NotFound):
            raise
        _fail(request, e)
    return redirect("disclosure:request", r.pk)


@login_required
def request_letter(request, pk):
    r = queries.request_get(actor=request.user, request_id=pk)
    return _docx(exports.reply_docx(r), f"{r.number}.docx")


def _docx(data: bytes, name: str) -> HttpResponse:
    resp = HttpResponse(data, content_type=exports.DOCX)
    resp["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp


# -- the annual report ---------------------------------------------------------------------------
@login_required
def report(request):
    g = request.GET
    raw = g.get("year") or str(timezone.localdate().year - 1)
    year = int(raw) if raw.isdigit() else 0
    if not 2000 <= year <= 2100:
        raise DomainError("bad_year", _("Choose a year between 2000 and 2100."))
    code = g.get("unit", "")
    data = None
    if code and request.method == "POST" and "format" in request.POST:
        return _report_export(request, code, year)
    if code and request.method == "POST":
        form = forms.NarrativeForm(request.POST)
        if form.is_valid():
            try:
                actions.report_narrative_save(
                    actor=request.user,
                    unit=unit_get(actor=request.user, code=code),
                    year=year,
                    **form.cleaned_data,
                )
                messages.success(request, _("Saved."))
            except DomainError as e:
                _fail(request, e)
        return redirect(f"{request.path}?unit={code}&year={year}")
    fmt = g.get("format", "")
    if code:
        data = queries.report_get(actor=request.user, unit_code=code, year=year)
        if fmt == "json":
            return HttpResponse(
                json.dumps(data, ensure_ascii=False, indent=1), content_type="application/json"
            )
    return render(
        request,
        "disclosure/report.html",
        {
            "data": data,
            "year": year,
            "code": code,
            "title": exports.report_title(data) if data else "",
            "version": disclosure_jobs.report_version(data) if data else "",
            "narrative_form": forms.NarrativeForm(initial=data["parts"]) if data else None,
        },
    )


def _report_export(request, code: str, year: int):
    """POST only: a link or a reload never starts work. A province's report takes long, so it is a
    background job keyed by the report as shown (its version: a hash of the figures and the office's
    parts) — a double click or a resent form is the same job, a changed report a new one."""
    fmt, version = request.POST.get("format", ""), request.POST.get("version", "")
    if fmt not in ("xlsx", "docx") or not disclosure_jobs.VERSION_RE.fullmatch(version):
        raise DomainError("bad_export", _("Reload the report and choose the export again."))
    job = jobs.start(
        "disclosure.report_export",
        request.user,
        {"unit": code, "year": year, "format": fmt},
        key=f"{code}-{year}.{fmt}@{version}",
        unit_path=unit_get(actor=request.user, code=code).path,
    )
    return redirect("jobs:detail", job.pk)


@login_required
def categories(request):
    return render(
        request,
        "disclosure/categories.html",
        {"categories": Category.objects.select_related("parent"), "channels": CHANNELS},
    )
