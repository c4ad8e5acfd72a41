"""Labels of the contests codes the pages show: scheme vocabulary and stored statuses (see core.labels)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yangguang.core.labels import register

from . import models
from .engine.scheme import model as scheme

CYCLES = {
    "monthly": _("monthly"),  # 按月
    "quarterly": _("quarterly"),  # 按季
    "half-yearly": _("half-yearly"),  # 按半年
    "yearly": _("yearly"),  # 按年
    "once": _("once"),  # 一次
}
DIRECTIONS = {"higher": _("higher is better"), "lower": _("lower is better")}
SOURCES = {
    "import": pgettext_lazy("indicator source", "imported"),  # 导入
    "manual": pgettext_lazy("indicator source", "entered by hand"),  # 手工录入
    "metric": pgettext_lazy("indicator source", "platform figure"),  # 平台指标
    "event": pgettext_lazy("indicator source", "judged event"),  # 评审赛事
    "derived": pgettext_lazy("indicator source", "derived"),  # 派生
}
METHODS = {
    "raw": pgettext_lazy("scoring method", "value as score"),  # 按实际值
    "completion": pgettext_lazy("scoring method", "plan completion"),  # 计划完成率
    "growth": pgettext_lazy("scoring method", "growth"),  # 增量
    "growth_rate": pgettext_lazy("scoring method", "growth rate"),  # 增长率
    "share": pgettext_lazy("scoring method", "share"),  # 占比
    "increment_share": pgettext_lazy("scoring method", "share of the increment"),  # 增量占比
    "rank_points": pgettext_lazy("scoring method", "points by rank"),  # 按名次得分
    "tiers": pgettext_lazy("scoring method", "points by tier"),  # 分档计分
    "formula": pgettext_lazy("scoring method", "formula"),  # 公式
}
CARDS = {"yellow": _("yellow card warning"), "red": _("red card"), "none": _("no card")}
PERMISSIONS = {
    "define": pgettext_lazy("contest permission", "define the scheme"),  # 制定方案
    "import": pgettext_lazy("contest permission", "import figures"),  # 导入数据
    "evaluate": pgettext_lazy("contest permission", "evaluate"),  # 评比
    "publish": pgettext_lazy("contest permission", "publish"),  # 发布通报
    "judge": pgettext_lazy("contest permission", "judge"),  # 评审
}
GROUP_KINDS = {"unit": pgettext_lazy("group kind", "units"), "person": pgettext_lazy("group kind", "people")}

assert set(CYCLES) == set(scheme.CYCLES) and set(METHODS) == set(scheme.METHODS)  # a new code needs a label
assert set(SOURCES) == set(scheme.SOURCES) and set(PERMISSIONS) == set(scheme.PERMISSIONS)

register("contests.cycle", CYCLES)
register("contests.direction", DIRECTIONS)
register("contests.source", SOURCES)
register("contests.method", METHODS)
register("contests.card", CARDS)
register("contests.permission", PERMISSIONS)
register("contests.group_kind", GROUP_KINDS)
register("contests.competition_status", models.Competition.STATUS)
register("contests.bulletin_status", models.Bulletin.STATUS)
register("contests.event_kind", models.Event.KINDS)
register("contests.event_status", models.Event.STATUS)
register("contests.judge_role", models.Judge.ROLES)
RULE_KINDS = {
    "eligibility": pgettext_lazy("rule kind", "eligibility to compete"),  # 参赛资格
    "disqualify": pgettext_lazy("rule kind", "disqualification"),  # 取消参赛资格
    "ineligible": pgettext_lazy("rule kind", "not eligible for awards"),  # 取消评选资格
    "awards": pgettext_lazy("rule kind", "award"),  # 奖项
    "penalties": pgettext_lazy("rule kind", "penalty"),  # 处罚
}
# what the scheme builder offers in its selects (direction, source, method, group kind, rule kind, card)
register("contests.scheme_choice", {**DIRECTIONS, **SOURCES, **METHODS, **GROUP_KINDS, **CARDS, **RULE_KINDS})
register("contests.result_status", models.Result.STATUS)
# record review (案卷评查) stages, the latest decides
register(
    "contests.review_stage",
    {
        "self": pgettext_lazy("review stage", "self-check"),  # 自查
        "cross": pgettext_lazy("review stage", "cross-check"),  # 交叉评查
        "central": pgettext_lazy("review stage", "central review"),  # 集中评查
    },
)
