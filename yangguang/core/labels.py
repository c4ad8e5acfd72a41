"""The labels of stored codes (statuses, methods, cycles, group kinds, roles, event kinds, channels,
outcomes): one registry, so a page shows 受理, never `accept`.

Each app declares its enums in its own `labels.py` with `register(kind, choices)`; the registry finds
those modules on first use. `label(code, kind)` gives the label in the active language; a code without
a label (or an unknown kind) gives the code itself and a warning in the log — a page never breaks
over a missing word, and the vocabulary test catches it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping

log = logging.getLogger("yangguang.labels")

_REGISTRY: dict[str, dict[str, object]] = {}
_discovered = False


def register(kind: str, choices) -> None:
    """choices: a Django Choices class, a mapping code -> label, or (code, label) pairs."""
    if hasattr(choices, "choices"):
        choices = choices.choices
    pairs = choices.items() if isinstance(choices, Mapping) else choices
    table = _REGISTRY.setdefault(kind, {})
    for code, lab in pairs:
        table[str(code)] = lab


def discover() -> None:
    global _discovered
    if not _discovered:
        from django.utils.module_loading import autodiscover_modules

        _discovered = True
        autodiscover_modules("labels")
        _register_model_choices()


def _register_model_choices() -> None:
    """Every stored enum with Django choices is a kind of its own: `app.model.field`."""
    from django.apps import apps

    for model in apps.get_models():
        if not model.__module__.startswith("yangguang."):
            continue
        for f in model._meta.concrete_fields:
            if f.choices:
                kind = f"{model._meta.app_label}.{model._meta.model_name}.{f.name}"
                _REGISTRY.setdefault(kind, {}).update({str(c): lab for c, lab in f.flatchoices})


def kinds() -> dict[str, dict[str, object]]:
    discover()
    return _REGISTRY


def label(code, kind: str) -> str:
    """The label of `code` in `kind`, or the code (and a logged warning) when there is none."""
    if code is None or code == "":
        return ""
    discover()
    if kind == "metric":  # a registered figure (services.on_time_rate): its own label
        from yangguang.core import metrics

        m = dict((x.name, x) for x in metrics.all_metrics()).get(str(code))
        if m is not None and m.label:
            return str(m.label)
    table = _REGISTRY.get(kind)
    if table is None:
        log.warning("label kind %r is not registered (code %r)", kind, code)
        return str(code)
    lab = table.get(str(code))
    if lab is None:
        log.warning("%s: no label for code %r", kind, code)
        return str(code)
    return str(lab)


def labels(codes: Iterable, kind: str, sep: str = "、") -> str:
    return sep.join(label(c, kind) for c in codes or ())
