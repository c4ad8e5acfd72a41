"""Units and people import all-or-nothing, with every bad row named; export gives the same format back."""

import pytest

from yangguang.core.errors import ImportRejected
from yangguang.core.tabular import read_table, write_table
from yangguang.orgs import actions
from yangguang.orgs.models import Person, Post, Unit

HEAD = ["编码", "名称", "上级编码", "类型", "简称"]


def csv_of(rows, head=HEAD) -> bytes:
    return write_table(head, rows, "csv")


def errors_of(exc):
    return [(e["row"], e["column"]) for e in exc.value.details["errors"]]


def test_import_creates_a_tree_in_any_row_order(cast):
    data = csv_of([["TA2V", "甲二村", "TA2", "village", ""], ["TA2", "甲二镇", "TA", "township", ""]])
    assert actions.units_import(actor=cast.admin_a, data=data, filename="u.csv") == {
        "created": 2,
        "updated": 0,
    }
    v = Unit.objects.get(code="TA2V")
    assert v.get_parent().code == "TA2" and v.get_parent().get_parent().code == "TA"


def test_bad_rows_are_all_reported_and_nothing_written(cast):
    n = Unit.objects.count()
    data = csv_of(
        [
            ["X1", "好的", "TA", "township", ""],
            ["X2", "未知上级", "NOPE", "township", ""],  # row 3: unknown parent
            ["X1", "重复", "TA", "township", ""],  # row 4: duplicate code
            ["X3", "坏类型", "TA", "spaceship", ""],  # row 5: unknown kind
            ["C1", "环一", "C2", "township", ""],  # rows 6-7: a cycle
            ["C2", "环二", "C1", "township", ""],
            ["", "无编码", "TA", "township", ""],  # row 8
        ]
    )
    with pytest.raises(ImportRejected) as e:
        actions.units_import(actor=cast.admin_a, data=data, filename="u.csv")
    errs = errors_of(e)
    assert (3, "上级编码") in errs and (4, "编码") in errs and (5, "类型") in errs
    assert (6, "上级编码") in errs and (7, "上级编码") in errs and (8, "编码") in errs
    assert all(x["message"] and x["message_en"] for x in e.value.details["errors"])
    assert Unit.objects.count() == n and not Unit.objects.filter(code="X1").exists()


def test_cycle_through_the_database_is_refused(cast):
    # Moving 甲县 under its own township would make a cycle.
    data = csv_of([["TA", "甲县", "TA1", "government", ""]])
    with pytest.raises(ImportRejected) as e:
        actions.units_import(actor=cast.admin, data=data, filename="u.csv")
    assert errors_of(e) == [(2, "上级编码")]


def test_missing_column(cast):
    with pytest.raises(ImportRejected) as e:
        actions.units_import(
            actor=cast.admin, data=csv_of([["A", "B"]], head=["编码", "名称"]), filename="u.csv"
        )
    assert {c for _r, c in errors_of(e)} == {"上级编码", "类型"}


def test_cannot_import_into_another_unit(cast):
    with pytest.raises(ImportRejected) as e:
        actions.units_import(
            actor=cast.admin_a, data=csv_of([["TB2", "乙二镇", "TB", "township", ""]]), filename="u.csv"
        )
    assert errors_of(e) == [(2, "上级编码")]
    assert not Unit.objects.filter(code="TB2").exists()


def test_export_then_import_is_a_no_op_update(cast):
    for fmt in ("csv", "xlsx"):
        data = actions.units_export(actor=cast.admin, root=None, fmt=fmt)
        table = read_table(data, f"u.{fmt}")
        assert table.header == HEAD and len(table.rows) == Unit.objects.count()
        before = list(Unit.objects.values_list("code", "path", "name"))
        assert actions.units_import(actor=cast.admin, data=data, filename=f"u.{fmt}") == {
            "created": 0,
            "updated": 6,
        }
        assert list(Unit.objects.values_list("code", "path", "name")) == before


def test_people_import_with_roles_and_row_errors(cast):
    head = ["工号", "姓名", "单位编码", "职务", "电话", "邮箱", "岗位"]
    good = write_table(head, [["N1", "新人", "TA1", "科员", "1", "a@b.cn", "handler;grader"]], "xlsx")
    assert actions.people_import(actor=cast.admin_a, data=good, filename="p.xlsx") == {
        "created": 1,
        "updated": 0,
    }
    assert set(Post.objects.filter(person__code="N1").values_list("role", flat=True)) == {"handler", "grader"}
    bad = write_table(
        head, [["N2", "", "TA1", "", "", "bad", "wizard"], ["N3", "他人", "TB", "", "", "", ""]], "xlsx"
    )
    with pytest.raises(ImportRejected) as e:
        actions.people_import(actor=cast.admin_a, data=bad, filename="p.xlsx")
    assert set(errors_of(e)) == {(2, "姓名"), (2, "邮箱"), (2, "岗位"), (3, "单位编码")}
    assert not Person.objects.filter(code__in=["N2", "N3"]).exists()


def test_people_export_round_trips(cast):
    data = actions.people_export(actor=cast.admin_a, under=None, fmt="csv")
    rows = {r["工号"]: r for _n, r in read_table(data, "p.csv").rows}
    assert set(rows) == {"P-admin_a", "P-clerk_a", "P-viewer_a1"} and rows["P-clerk_a"]["岗位"] == "handler"
    assert actions.people_import(actor=cast.admin_a, data=data, filename="p.csv") == {
        "created": 0,
        "updated": 3,
    }


def test_import_page_shows_row_errors(cast, client_of):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = client_of(cast.admin_a)
    f = SimpleUploadedFile("u.csv", csv_of([["Z1", "某镇", "NOPE", "township", ""]]))
    r = c.post("/orgs/import/", {"what": "units", "file": f})
    body = r.content.decode()
    assert r.status_code == 200 and "NOPE" in body and "import-errors" in body


def test_api_import_rejects_with_rows(cast, client_of):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = client_of(cast.admin)
    r = c.post(
        "/api/v1/orgs/units/import",
        {"file": SimpleUploadedFile("u.csv", csv_of([["Z1", "某镇", "NOPE", "township", ""]]))},
    )
    assert r.status_code == 400 and r.json()["code"] == "import_rejected"
    assert r.json()["details"]["errors"][0]["row"] == 2
