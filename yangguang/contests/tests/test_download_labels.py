"""What a competition office reads: downloads named in words (not ".xlsx"), and help that points to the
scheme builder, never to a file in the repository."""

from yangguang.contests import actions

from .test_actions import _csv, comp  # noqa: F401 (the fixture)


def test_downloads_are_named_in_words_and_help_links_the_builder(cast, comp, client_of):  # noqa: F811
    actions.data_import(actor=cast.admin, competition=comp, period="2026-01", data=_csv(), filename="d.csv")
    ev = actions.evaluation_run(actor=cast.admin, competition=comp, period="2026-01")
    c = client_of(cast.admin)
    page = c.get(f"/contests/evaluations/{ev.pk}/").content.decode()
    assert "下载表格（.xlsx）" in page and "下载文档（.docx）" in page
    assert ">.xlsx<" not in page and ">.docx<" not in page
    home = c.get("/contests/").content.decode()
    assert "docs/" not in home and f'href="/contests/{comp.pk}/builder/"' in home
    c.cookies["django_language"] = "en"
    assert "Download spreadsheet (.xlsx)" in c.get(f"/contests/evaluations/{ev.pk}/").content.decode()
    assert "Open the scheme builder of" in c.get("/contests/").content.decode()
