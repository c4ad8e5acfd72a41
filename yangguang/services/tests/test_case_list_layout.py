"""The window clerk's case list: the light sits in the number cell (no empty first column for a case
without one), and the table carries its own class for the phone-width rules in core/app.css."""

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from yangguang.services import actions

CSS = Path(__file__).resolve().parents[2] / "core" / "static" / "core" / "app.css"


def test_the_light_folds_into_the_number_cell(cast, svc, client_of):
    case, *_ = actions.case_submit(
        actor=cast.clerk_a,
        item_id=svc.item.pk,
        applicant_name="甲",
        applicant_phone="13800000000",
        at=datetime(2025, 3, 3, 9, tzinfo=ZoneInfo("Asia/Shanghai")),
    )
    html = client_of(cast.clerk_a).get("/services/cases/").content.decode()
    table = html[html.index('<table class="grid case-list">') :]
    table = table[: table.index("</table>")]
    assert "<th></th>" not in table and "<td></td>" not in table
    head = re.findall(r"<th>", table)
    row = re.search(r"<tr><td class=\"case-no\">.*?</tr>", table, re.S).group(0)
    assert case.number in row and len(re.findall(r"<td", row)) == len(head) == 6


def test_the_phone_rules_are_scoped_to_the_case_list():
    css = CSS.read_text(encoding="utf-8")
    rules = [line for line in css.splitlines() if "case-list" in line]
    assert rules and all("table.grid.case-list" in line for line in rules)
