"""Every non-trivial read of the services domain, scoped to the actor.

Another unit's object and a missing one both raise NotFound. The public reads (published items, the
case lookup by number and query code) take no actor and reveal nothing else. Queries never import
actions.

One module per sub-domain; this package re-exports every entry point, so
`from yangguang.services import queries; queries.case_get(...)` reads as before.

| module | holds |
|---|---|
| `items.py` | service items (scoped) and the public catalogue |
| `cases.py` | cases (scoped) and their lights |
| `lookup.py` | the public case lookup by number and query code (the hot path) |
| `ratings.py` | rectifications of bad ratings, public satisfaction per department |
| `inquiries.py` | first inquiries |
| `hotline.py` | hotline work orders and their figures |
| `figures.py` | case figures per unit, person and month; the dashboard |
| `centre.py` | the centre's settings (cached per process), staff notifications |
| `workbench.py` | what needs the actor today, counted for the staff workbench |
| `_common.py` | the scoped get, the grouped-by-path aggregate |
"""

from .cases import case_get, case_light, case_list, with_lights
from .centre import Defaults, SettingsByPath, cached_settings, notification_list, settings_for, unread_count
from .figures import (
    FIGURE_LABELS,
    FIGURES,
    dashboard,
    figures_for_paths,
    figures_for_people,
    figures_for_units,
    monthly,
    open_lights,
)
from .hotline import HOTLINE_AGG, hotline_for_people, hotline_for_units, order_get, order_list
from .inquiries import inquiry_get, inquiry_list
from .items import (
    example_item,
    item_departments,
    item_get,
    item_list,
    item_themes,
    item_versions,
    pickable_items,
    published_item,
    published_item_page,
    published_items,
)
from .lookup import case_clock, case_clock_lines, case_lookup, case_public_lookup, public_view
from .ratings import department_satisfaction, rectification_get, rectification_list
from .workbench import workbench_counts

__all__ = [
    "FIGURES",
    "FIGURE_LABELS",
    "HOTLINE_AGG",
    "Defaults",
    "SettingsByPath",
    "cached_settings",
    "case_get",
    "case_light",
    "case_list",
    "case_lookup",
    "case_public_lookup",
    "case_clock",
    "case_clock_lines",
    "dashboard",
    "department_satisfaction",
    "figures_for_paths",
    "figures_for_people",
    "figures_for_units",
    "hotline_for_people",
    "hotline_for_units",
    "inquiry_get",
    "inquiry_list",
    "item_departments",
    "item_get",
    "item_list",
    "item_themes",
    "item_versions",
    "example_item",
    "monthly",
    "notification_list",
    "open_lights",
    "order_get",
    "order_list",
    "pickable_items",
    "public_view",
    "published_item",
    "published_item_page",
    "published_items",
    "rectification_get",
    "rectification_list",
    "settings_for",
    "unread_count",
    "with_lights",
    "workbench_counts",
]
