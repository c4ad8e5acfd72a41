"""core.safeyaml: uploaded YAML is bounded before anything is built (issue 16 item 4)."""

import time

import pytest
import yaml

from yangguang.core import safeyaml
from yangguang.core.errors import DomainError, both


def laughs(levels: int) -> str:
    """The classic alias bomb: each level names the previous one ten times."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels + 1):
        refs = ",".join(f"*a{i - 1}" for _ in range(10))
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


def code_of(text, **kw) -> str:
    with pytest.raises(DomainError) as e:
        safeyaml.load(text, **kw)
    texts = both(e.value.message)
    assert texts["zh-hans"] != texts["en"], "the refusal is bilingual"
    return e.value.code


def test_plain_document_loads():
    assert safeyaml.load("a: 1\nb: [x, y]\nc: &c {d: 2}\ne: *c\n") == {
        "a": 1,
        "b": ["x", "y"],
        "c": {"d": 2},
        "e": {"d": 2},
    }
    assert safeyaml.load("名称: 竞赛\n".encode()) == {"名称": "竞赛"}


def test_alias_bomb_refused_quickly_on_expanded_size():
    text = laughs(9)  # ~500 bytes, 10**10 values once expanded
    assert len(text) < 1000
    t = time.perf_counter()
    assert code_of(text, max_aliases=1000) == "yaml_too_large"
    assert time.perf_counter() - t < 0.5


def test_alias_count_bounded():
    assert code_of(laughs(3), max_aliases=20) == "yaml_too_many_aliases"


def test_depth_bounded():
    assert code_of("[" * 60 + "]" * 60) == "yaml_too_deep"
    assert safeyaml.load("[" * 10 + "]" * 10, max_depth=10) == [[[[[[[[[[]]]]]]]]]]
    assert code_of("[" * 11 + "]" * 11, max_depth=10) == "yaml_too_deep"


def test_size_and_node_bounds():
    assert code_of("a: " + "x" * 2000, max_bytes=1024) == "yaml_too_large"
    assert code_of("[" + ",".join(["1"] * 200) + "]", max_nodes=100) == "yaml_too_large"


def test_not_utf8_and_not_yaml_are_refused():
    assert code_of("名称: 竞赛".encode("gb18030")) == "yaml_not_utf8"
    assert code_of("a: [1, 2\nb: }") == "yaml_invalid"
    assert code_of("&a [*a]") == "yaml_recursive"


def test_unsafe_tags_refused():
    assert code_of("!!python/object/apply:os.system ['true']") == "yaml_invalid"
    assert yaml.__with_libyaml__ in (True, False)


@pytest.mark.parametrize("text", ["a: 2026-02-30", "when: 2026-13-01 10:00:00"])
def test_a_scalar_yaml_cannot_build_is_refused_not_a_crash(text):
    with pytest.raises(DomainError) as e:
        safeyaml.load(text)
    assert e.value.code == "yaml_invalid"
