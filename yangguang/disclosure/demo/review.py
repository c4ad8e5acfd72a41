"""喜洲镇's monthly list through the whole review chain, one item sent back."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from yangguang.orgs.models import Unit

from .. import actions
from ..models import DisclosureList
from ._common import TOWNSHIP


def _township_chain(cats: dict) -> str:
    """喜洲镇: a monthly list through 列清单 → 汇总审核 (one item sent back) → 领导小组审定 → 公布."""
    town = Unit.objects.filter(code=TOWNSHIP).first()
    user = get_user_model().objects.filter(username="dali").first()
    if town is None or user is None or DisclosureList.objects.filter(unit=town).exists():
        return "exists"
    today = timezone.localdate()
    formed = today - timedelta(days=14)  # about ten working days before publication: on time
    items = [
        ("喜洲镇2026年低保对象公示", "notice_board", "public", ""),
        ("喜洲镇农村危房改造补助名单", "notice_board", "households", "到户到人：补助对象所在户"),
        ("喜洲镇干部调整任免情况", "personnel", "internal", "乡党委会、乡村两级干部会议"),
        ("喜洲镇洱海保护禁令宣传", "notice_board", "public", "广播"),
        ("喜洲镇第三季度财务收支情况", "accounts", "public", ""),
    ]
    recs = []
    for title, cat, audience, note in items:
        recs.append(
            actions.disclosure_create(
                actor=user,
                unit=town,
                category=cats[cat],
                title=title,
                body=f"<p>{title}。</p>",
                formed_on=formed,
                audience=audience,
                audience_note=note,
                prerequisite_on=formed if cat == "accounts" else None,
                prerequisite_note="镇财政所审计" if cat == "accounts" else "",
            )  # fmt: skip
        )
    lst = actions.list_create(
        actor=user, unit=town, period=f"{today:%Y-%m}", title=f"喜洲镇{today:%Y年%m月}政务公开清单"
    )
    actions.list_add(actor=user, lst=lst, disclosures=recs)
    actions.list_submit(actor=user, lst=lst)
    actions.list_review(
        actor=user, lst=lst, secrecy_checked=True, note="经保密审查，无涉密内容",
        rejected={recs[3].pk: "宣传材料不属于政务公开清单内容，请改由广播通知"},
    )  # fmt: skip
    actions.list_approve(actor=user, lst=lst, note="政务公开领导小组会议审定")
    actions.list_publish(
        actor=user,
        lst=lst,
        on=today - timedelta(days=1),
        channels=[("notice_board", ""), ("broadcast", ""), ("meeting", "")],
    )
    return lst.title
