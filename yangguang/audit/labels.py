"""Labels of the audit trail's actions (what the entry records), see core.labels."""

from django.utils.translation import pgettext_lazy

from yangguang.core.labels import register


def _a(text):
    return pgettext_lazy("audit action", text)


register(
    "audit.action",
    {
        "create": _a("created"),  # 新建
        "update": _a("changed"),  # 修改
        "delete": _a("deleted"),  # 删除
        "import": _a("imported"),  # 导入
        "submit": _a("submitted"),  # 提交
        "close": _a("closed"),  # 关闭
        "evaluate": _a("evaluated"),  # 评比
        "mark": _a("marked"),  # 评分
        "reveal": _a("identities released"),  # 揭示身份
        "revoke": _a("revoked"),  # 撤销
        "nominate": _a("nominated"),  # 提名
        "prizes": _a("prizes awarded"),  # 评定奖项
        "quota_draw": _a("quota drawn"),  # 名额抽取
        "seats_assign": _a("seats assigned"),  # 编排座位
        "invigilation_plan": _a("invigilators assigned"),  # 编排监考
        "papers_assigned": _a("papers assigned"),  # 分配试卷
        "grade_objective": _a("objective questions graded"),  # 客观题评分
        "code_reissue": _a("exam code reissued"),  # 补发考试码
        "units_set": _a("units set"),  # 确定参赛单位
        "sheet_keyed": _a("sheet keyed in"),  # 录入评分表
        "sheet_mismatch": _a("sheet entries differ"),  # 评分表录入不一致
        "accept": _a("accepted"),  # 受理
        "refuse": _a("not accepted"),  # 不予受理
        "supplement": _a("supplement requested"),  # 一次性告知补正
        "resubmit": _a("supplement received"),  # 补正材料
        "step": _a("processing step"),  # 办理环节
        "pause": _a("clock paused"),  # 暂停计时
        "resume": _a("clock resumed"),  # 恢复计时
        "extend": _a("extended"),  # 延长期限
        "joint_done": _a("joint opinion"),  # 联办意见
        "complete": _a("completed"),  # 办结
        "return": _a("returned"),  # 退回
    },
)
