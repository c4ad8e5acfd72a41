"""What the disclosure demo builders share: the 州, the township, the units that publish, the topics."""

from __future__ import annotations

from yangguang.orgs.models import Unit

ROOT = "532900"
TOWNSHIP = "532901004"  # 喜洲镇
TOPICS = "洱海保护 乡村振兴 脱贫攻坚 城乡规划 道路交通 义务教育 医疗保障 住房保障 农村饮水 森林防火 旅游市场 食品安全 安全生产 生态环境 民族团结".split()


def _units(root: Unit) -> list[Unit]:
    """The 州, its 12 counties and their townships; the 州 and counties publish most."""
    return list(
        Unit.objects.filter(
            path__startswith=root.path, depth__lte=root.depth + 2, kind__code__in=["government", "township"]
        )
    )
