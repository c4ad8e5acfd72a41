"""YAML that people upload (competition schemes), parsed only after its size and shape are bounded.

`load(text, ...)` refuses, before any Python object is built, a document that is too large, nested too
deep, uses too many aliases or would expand to too many nodes (an alias counts as every node of what it
names, so "billion laughs" is refused on its parse events, in linear time). Every refusal is a
bilingual DomainError; so is text that is not UTF-8 or not YAML.
"""

from __future__ import annotations

from typing import Any

import yaml
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .errors import DomainError

MAX_BYTES = 256 * 1024
MAX_DEPTH = 40
MAX_ALIASES = 200
MAX_NODES = 50_000


def _refuse(code: str, message, **details) -> DomainError:
    return DomainError(code, message, details)


def _check_events(text: str, max_depth: int, max_aliases: int, max_nodes: int) -> None:
    """Walk the parse events once: depth, alias count and the node count with aliases expanded."""
    depth = 0
    aliases = 0
    nodes = 0
    # For each open collection: (anchor, node count when it started).
    stack: list[tuple[str | None, int]] = []
    sizes: dict[str, int] = {}
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > max_aliases:
                raise _refuse(
                    "yaml_too_many_aliases",
                    format_lazy(_("The YAML document uses more than {n} aliases."), n=max_aliases),
                    limit=max_aliases,
                )
            if any(anchor == event.anchor for anchor, _start in stack):
                # A node that contains itself: endless for every reader after us.
                raise _refuse("yaml_recursive", _("The YAML document refers to itself."))
            nodes += sizes.get(event.anchor, 1)
        elif isinstance(event, yaml.ScalarEvent):
            nodes += 1
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.CollectionStartEvent):
            nodes += 1
            depth += 1
            if depth > max_depth:
                raise _refuse(
                    "yaml_too_deep",
                    format_lazy(_("The YAML document is nested more than {n} levels deep."), n=max_depth),
                    limit=max_depth,
                )
            stack.append((event.anchor, nodes - 1))
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
            anchor, start = stack.pop()
            if anchor:
                sizes[anchor] = nodes - start
        if nodes > max_nodes:
            raise _refuse(
                "yaml_too_large",
                format_lazy(_("The YAML document has more than {n} values."), n=max_nodes),
                limit=max_nodes,
            )


def load(
    text: str | bytes,
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
    max_aliases: int = MAX_ALIASES,
    max_nodes: int = MAX_NODES,
) -> Any:
    """The document's data (safe types only), or a DomainError saying which bound it broke."""
    size = len(text) if isinstance(text, bytes) else len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise _refuse(
            "yaml_too_large",
            format_lazy(_("The YAML document is larger than {n} KB."), n=max(1, max_bytes // 1024)),
            limit_bytes=max_bytes,
        )
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise _refuse("yaml_not_utf8", _("The file is not UTF-8 text.")) from None
    try:
        _check_events(text, max_depth, max_aliases, max_nodes)
        return yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506 - SafeLoader, bounded above
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise _refuse(
            "yaml_invalid",
            _("The file is not valid YAML."),
            line=(mark.line + 1) if mark else None,
            problem=str(getattr(e, "problem", "") or "")[:200],
        ) from None
    except RecursionError:
        raise _refuse("yaml_too_deep", _("The YAML document is nested too deeply.")) from None
    except (ValueError, OverflowError) as e:
        # a scalar YAML itself cannot build, e.g. the date 2026-02-30 or a timestamp out of range
        raise _refuse("yaml_invalid", _("The file is not valid YAML."), problem=str(e)[:200]) from None
