"""Labels of the exams codes the pages show (see core.labels)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yangguang.core.labels import register

from . import models

register("exams.question_kind", models.KINDS)
register("exams.status", models.Exam.STATUSES)
register("exams.unit_rule", models.Exam.UNIT_RULES)
register("exams.round_kind", models.Round.KINDS)
register("exams.outcome", models.ScoreEvent.OUTCOMES)
register(
    "exams.arbitration_status",
    {
        "open": pgettext_lazy("arbitration", "pending"),  # 待裁决
        "upheld": pgettext_lazy("arbitration", "upheld"),  # 维持原判
        "overturned": pgettext_lazy("arbitration", "overturned"),  # 改判
    },
)
# what the exam-room log records (ExamEvent.kind)
register(
    "exams.room_event",
    {
        "sign_in": _("signed in"),  # 签到登录
        "code_reuse": _("exam code used again"),  # 考试码重复使用
        "code_reissued": _("exam code reissued"),  # 补发考试码
        "late_answer": _("answer after the end refused"),  # 超时作答被拒
        "late_submit": _("submission after the end refused"),  # 超时交卷被拒
        "submit": _("paper submitted"),  # 交卷
        "tab_leave": _("left the exam page"),  # 离开答题页面
        "tab_return": _("returned to the exam page"),  # 返回答题页面
        "offline": _("connection lost"),  # 网络断开
        "online": _("connection restored"),  # 网络恢复
        "reload": _("page reloaded"),  # 刷新页面
    },
)
