"""Labels of the services codes the pages show (see core.labels)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yangguang.core.labels import register

from . import models

register("services.item_type", models.ItemType)
register("services.mode", models.Mode)
register("services.item_status", models.ItemStatus)
register("services.case_status", models.CaseStatus)
register("services.pause_kind", models.PauseKind)
register("services.rect_status", models.RectStatus)
register("services.order_kind", models.OrderKind)
register("services.order_status", models.OrderStatus)
register("services.level", {str(k): v for k, v in models.LEVELS})
# what happened to a case (CaseEvent.kind), in the words of 《政务服务中心办件管理》
register(
    "services.case_event",
    {
        "submit": pgettext_lazy("case event", "Received"),  # 收件
        "accept": pgettext_lazy("case event", "Accepted"),  # 受理
        "refuse": pgettext_lazy("case event", "Not accepted"),  # 不予受理
        "supplement": pgettext_lazy("case event", "Supplement requested"),  # 一次性告知补正
        "resubmit": pgettext_lazy("case event", "Supplement received"),  # 补正材料
        "step": pgettext_lazy("case event", "Processing step"),  # 办理环节
        "pause": pgettext_lazy("case event", "Special procedure"),  # 特别程序
        "resume": pgettext_lazy("case event", "Clock resumed"),  # 恢复计时
        "extend": pgettext_lazy("case event", "Extended"),  # 延长期限
        "joint_done": pgettext_lazy("case event", "Joint opinion"),  # 联办意见
        "complete": pgettext_lazy("case event", "Completed"),  # 办结
        "return": pgettext_lazy("case event", "Returned"),  # 退回
    },
)
# how a case arrived, and where a rating was given
register("services.channel", {"window": _("at the window"), "online": _("online"), "web": _("online")})
register("services.result", {"approved": _("Approved"), "denied": _("Denied")})
