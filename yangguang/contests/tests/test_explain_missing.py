"""A participant's missing-data line names an aggregate in the scheme's Chinese words (最高(值)), never
the engine's English function name; the English line keeps the English (the demo's crawl found max(值))."""

from yangguang.contests.engine.evaluate.explain import error_line


def test_missing_quantities_inside_aggregates_are_named_in_chinese():
    e = {"rule": "主动公开及时率", "error": "no value for max(值), min(值), mean(得分), 值"}
    assert error_line(e) == "! 主动公开及时率：缺少最高(值)、最低(值)、平均(得分)、值的数值"
    assert error_line(e, "en") == "! 主动公开及时率: no value for max(值), min(值), mean(得分), 值"
    assert (
        error_line({"rule": "存款", "error": "no value for maximum_deposit"})
        == "! 存款：缺少maximum_deposit的数值"
    )
