"""The public search's demo: a synonym list for the demo catalogue, and both indexes rebuilt (the
other demos load their rows with bulk_create, which the index signals do not see)."""

from __future__ import annotations

from yangguang.core.models import Synonym
from yangguang.disclosure import search as disclosure_search
from yangguang.services import search as services_search

# everyday word → the official term the catalogue uses
SYNONYMS = {
    "社保": "社会保险",
    "医保": "医疗保障",
    "房产证": "不动产",
    "房本": "不动产",
    "过户": "转移登记",
    "身份证": "居民身份证",
    "户口": "户籍",
    "低保": "最低生活保障",
    "公积金": "住房公积金",
    "执照": "营业执照",
    "开公司": "企业设立",
    "办厂": "企业设立",
    "驾照": "驾驶员",
    "生孩子": "生育",
    "出生证": "出生医学证明",
    "护照": "出入境证件",
    "结婚证": "结婚登记",
    "砍树": "林木采伐",
    "失业金": "失业保险金",
    "退休金": "养老保险待遇",
    "开发票": "发票",
    "装电": "用电报装",
    "宅基地": "农村宅基地",
}


def build(stdout=None) -> dict:
    made = 0
    for word, term in SYNONYMS.items():
        _obj, created = Synonym.objects.get_or_create(word=word, defaults={"term": term})
        made += created
    if made:
        from yangguang.core.search import synonyms_changed

        synonyms_changed()
    items, records = services_search.rebuild(), disclosure_search.rebuild()
    if stdout:
        stdout.write(f"search: {made} synonyms added, {items} items and {records} records indexed\n")
    return {"synonyms": made, "indexed_items": items, "indexed_records": records}
