"""The annual report template of 国办公开办函〔2021〕30号, as data. Pure: no ORM.

Row and column names are the template's own (Chinese, as every report prints them); the UI shows
them as they are. Outcome codes are what a `Request` stores.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# -- applicants (table 三 columns) --------------------------------------------------------------
ORG_TYPES = [
    ("commercial", "商业企业", _("Commercial enterprise")),
    ("research", "科研机构", _("Research institution")),
    ("social", "社会公益组织", _("Social welfare organisation")),
    ("legal_service", "法律服务机构", _("Legal service provider")),
    ("other", "其他", _("Other organisation")),
]
# The template's columns exactly: 自然人; 法人或其他组织 (五类); 总计. No 法人或其他组织 subtotal in the
# report (`org_subtotal` gives it for an extra view).
T3_COLUMNS = ["自然人"] + [zh for _c, zh, _e in ORG_TYPES] + ["总计"]
T3_ORG_SUBTOTAL = "法人或其他组织总计"
APPLICANT_COLUMN = {"natural": "自然人"} | {code: zh for code, zh, _e in ORG_TYPES}

# -- outcomes (table 三 rows) -------------------------------------------------------------------
# (code, group, template row name, English label)
OUTCOMES = [
    ("granted", "（一）予以公开", "（一）予以公开", _("Disclosed")),
    (
        "partial",
        "（二）部分公开",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        _("Partly disclosed"),
    ),
    ("withheld.state_secret", "（三）不予公开", "1.属于国家秘密", _("Withheld: state secret")),
    ("withheld.law", "（三）不予公开", "2.其他法律行政法规禁止公开", _("Withheld: barred by other laws")),
    (
        "withheld.security",
        "（三）不予公开",
        "3.危及“三安全一稳定”",
        _("Withheld: endangers security or stability"),
    ),
    ("withheld.third_party", "（三）不予公开", "4.保护第三方合法权益", _("Withheld: third-party rights")),
    ("withheld.internal", "（三）不予公开", "5.属于三类内部事务信息", _("Withheld: internal affairs")),
    ("withheld.process", "（三）不予公开", "6.属于四类过程性信息", _("Withheld: process information")),
    ("withheld.enforcement", "（三）不予公开", "7.属于行政执法案卷", _("Withheld: enforcement files")),
    ("withheld.inquiry", "（三）不予公开", "8.属于行政查询事项", _("Withheld: administrative inquiry")),
    ("unavailable.not_held", "（四）无法提供", "1.本机关不掌握相关政府信息", _("Unavailable: not held")),
    (
        "unavailable.must_create",
        "（四）无法提供",
        "2.没有现成信息需要另行制作",
        _("Unavailable: would need creating"),
    ),
    (
        "unavailable.unclear",
        "（四）无法提供",
        "3.补正后申请内容仍不明确",
        _("Unavailable: still unclear after correction"),
    ),
    (
        "declined.petition",
        "（五）不予处理",
        "1.信访举报投诉类申请",
        _("Not processed: petition or complaint"),
    ),
    ("declined.repeat", "（五）不予处理", "2.重复申请", _("Not processed: repeated request")),
    (
        "declined.publication",
        "（五）不予处理",
        "3.要求提供公开出版物",
        _("Not processed: published material"),
    ),
    (
        "declined.abusive",
        "（五）不予处理",
        "4.无正当理由大量反复申请",
        _("Not processed: mass repeated requests"),
    ),
    (
        "declined.confirm",
        "（五）不予处理",
        "5.要求行政机关确认或重新出具已获取信息",
        _("Not processed: asks to confirm or reissue"),
    ),
    (
        "other.no_correction",
        "（六）其他处理",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        _("Closed: no correction in time"),
    ),
    (
        "other.no_fee",
        "（六）其他处理",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        _("Closed: fee not paid in time"),
    ),
    ("other.other", "（六）其他处理", "3.其他", _("Other handling")),
]
OUTCOME_CODES = [o[0] for o in OUTCOMES]
OUTCOME_LABELS = {o[0]: o[3] for o in OUTCOMES}
OUTCOME_ROW = {o[0]: o[2] for o in OUTCOMES}
GROUPS_WITH_REASONS = {"（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"}
T3_ROW_NEW = "一、本年新收政府信息公开申请数量"
T3_ROW_CARRIED_IN = "二、上年结转政府信息公开申请数量"
T3_ROW_RESULTS = "三、本年度办理结果"  # a heading row of the template: no figures of its own
T3_ROW_TOTAL = "（七）总计"
T3_ROW_CARRIED_OUT = "四、结转下一年度继续办理"


def outcome_choices():
    return [(code, label) for code, _g, _r, label in OUTCOMES]


def t3_rows() -> list[str]:
    rows = [T3_ROW_NEW, T3_ROW_CARRIED_IN, T3_ROW_RESULTS]
    seen = set()
    for _code, group, row, _label in OUTCOMES:
        if group in GROUPS_WITH_REASONS and group not in seen:
            rows.append(group)
            seen.add(group)
        rows.append(row)
    return rows + [T3_ROW_TOTAL, T3_ROW_CARRIED_OUT]


# -- table 二 ------------------------------------------------------------------------------------
T2_REGULATION_COLUMNS = ["本年制发件数", "本年废止件数", "现行有效件数"]
T2_REGULATION_ROWS = {"rule": "规章", "normative": "行政规范性文件"}
T2_DECISION_ROWS = {"license": "行政许可", "penalty": "行政处罚", "coercion": "行政强制"}
T2_FEE_ROW = "行政事业性收费"
REPORT_KINDS = [
    ("", _("None")),
    ("rule", _("Rule (规章)")),
    ("normative", _("Normative document")),
    ("license", _("Administrative licence decision")),
    ("penalty", _("Administrative penalty decision")),
    ("coercion", _("Administrative coercion decision")),
    ("fee", _("Administrative fee")),
]

# -- channel statistics (the seed's form: 网站公开, 新闻发布会, 政府公报, 其他方式) -------------------------
CHANNEL_ZH = {
    "website": "网站",
    "gazette": "政府公报",
    "press": "新闻发布会",
    "notice_board": "公开栏",
    "broadcast": "广播",
    "meeting": "会议",
    "other": "其他方式",
}

# -- table 四 ------------------------------------------------------------------------------------
APPEAL_KINDS = [
    ("review", "行政复议", _("Administrative review")),
    ("litigation_direct", "行政诉讼·未经复议直接起诉", _("Litigation without review")),
    ("litigation_after_review", "行政诉讼·复议后起诉", _("Litigation after review")),
]
APPEAL_RESULTS = [
    ("upheld", "结果维持", _("Upheld")),
    ("corrected", "结果纠正", _("Corrected")),
    ("other", "其他结果", _("Other result")),
    ("pending", "尚未审结", _("Not yet concluded")),
]
T4_COLUMNS = [zh for _c, zh, _e in APPEAL_RESULTS] + ["总计"]


@dataclass
class Table3Input:
    """Counts by (row, applicant code): new, carried in, carried out, and outcome codes."""

    new: dict[str, int]
    carried_in: dict[str, int]
    carried_out: dict[str, int]
    outcomes: dict[tuple[str, str], int]  # (outcome code, applicant code) -> n


APPLICANT_CODES = ["natural"] + [c for c, _z, _e in ORG_TYPES]


def _line(by_applicant: dict[str, int]) -> dict[str, int]:
    cells = {APPLICANT_COLUMN[a]: int(by_applicant.get(a, 0)) for a in APPLICANT_CODES}
    orgs = sum(cells[APPLICANT_COLUMN[a]] for a in APPLICANT_CODES[1:])
    cells["总计"] = orgs + cells["自然人"]
    return cells


def org_subtotal(cells: dict[str, int]) -> int:
    """法人或其他组织 in all (an extra view; the template's table has no such column)."""
    return sum(cells.get(APPLICANT_COLUMN[a], 0) for a in APPLICANT_CODES[1:])


def table3(data: Table3Input) -> dict:
    """Table 三 as {columns, rows: [{name, cells}]} with group rows summed from their reasons."""
    rows: dict[str, dict[str, int]] = {
        T3_ROW_NEW: _line(data.new),
        T3_ROW_CARRIED_IN: _line(data.carried_in),
        T3_ROW_RESULTS: {},
    }
    total: dict[str, int] = {}
    group_sum: dict[str, dict[str, int]] = {}
    for code, group, row, _label in OUTCOMES:
        line = {a: data.outcomes.get((code, a), 0) for a in APPLICANT_CODES}
        for a, n in line.items():
            total[a] = total.get(a, 0) + n
            if group in GROUPS_WITH_REASONS:
                g = group_sum.setdefault(group, {})
                g[a] = g.get(a, 0) + n
        if group in GROUPS_WITH_REASONS and group not in rows:
            rows[group] = {}  # placeholder keeps the template order
        rows[row] = _line(line)
    for group, counts in group_sum.items():
        rows[group] = _line(counts)
    rows[T3_ROW_TOTAL] = _line(total)
    rows[T3_ROW_CARRIED_OUT] = _line(data.carried_out)
    return {"columns": T3_COLUMNS, "rows": [{"name": name, "cells": rows[name]} for name in t3_rows()]}


def table3_checks(t3: dict) -> list[dict]:
    """The template's cross-check for every column: new + carried in = handled + carried out."""
    rows = {r["name"]: r["cells"] for r in t3["rows"]}
    out = []
    for col in T3_COLUMNS:
        left = rows[T3_ROW_NEW][col] + rows[T3_ROW_CARRIED_IN][col]
        right = rows[T3_ROW_TOTAL][col] + rows[T3_ROW_CARRIED_OUT][col]
        out.append(
            {
                "column": col,
                "new_plus_carried_in": left,
                "handled_plus_carried_out": right,
                "ok": left == right,
            }
        )
    return out


def table4(counts: dict[tuple[str, str], int]) -> dict:
    """Table 四: {(appeal kind, result): n} → one row per kind with its result columns and total."""
    rows = []
    for kind, zh, _e in APPEAL_KINDS:
        cells = {rzh: int(counts.get((kind, r), 0)) for r, rzh, _x in APPEAL_RESULTS}
        cells["总计"] = sum(cells.values())
        rows.append({"name": zh, "cells": cells})
    return {"columns": T4_COLUMNS, "rows": rows}
