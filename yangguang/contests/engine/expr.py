"""Safe rule expressions, checked once and compiled once.

A rule is a Python-syntax expression over named quantities (Chinese names allowed:
`存款排名倒数 <= 3 and 存款增量占比 < 平均(存款增量占比)`). When a rule is saved, its syntax tree is walked
against an allowlist: constants, known quantity names, arithmetic (no power), comparisons, and/or/not,
`x if c else y`, tuples for `in`, and calls to a short list of functions. Attribute access, subscripts,
names starting with "_", lambdas, comprehensions and every other call are refused with a message
that points at the offending piece. The same text is then run through simpleeval with dummy values as a
second, independent check.

The checked tree becomes a Python lambda whose parameters are exactly the quantities the rule names,
compiled once with an empty `__builtins__`: evaluating a rule for 400,000 participants is 400,000 calls of
a small function, never a re-parse. Aggregates over the field (`平均(x)`, `中位数(x)`, `计数(x)` …) are
computed once per evaluation and passed in as extra parameters.
"""

from __future__ import annotations

import ast
import difflib
import math
import statistics
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import simpleeval
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from yangguang.core.errors import DomainError

from .exact import exact_constants, guarded, round_half_up

MAX_LENGTH = 2000


def fmt(message, **params):
    """A lazy message with %(name)s parameters that stays lazy (each reader gets their language)."""
    return lazy(lambda: str(message) % {k: str(v) for k, v in params.items()}, str)()


AGGREGATES: dict[str, str] = {
    "平均": "mean",
    "平均值": "mean",
    "mean": "mean",
    "中位数": "median",
    "median": "median",
    "计数": "count",
    "count": "count",
    "合计": "sum",
    "total": "sum",
    "最高": "max",
    "highest": "max",
    "最低": "min",
    "lowest": "min",
}


def _round(x, n=0):
    """四舍五入: half up (away from zero at an exact half) on the decimal value, never banker's rounding."""
    q = Decimal(1).scaleb(-int(n))
    if isinstance(x, Decimal):
        return x.quantize(q, ROUND_HALF_UP)
    return float(Decimal(repr(float(x))).quantize(q, ROUND_HALF_UP))


SCALARS: dict[str, Any] = {
    "abs": abs,
    "绝对值": abs,
    "round": _round,
    "四舍五入": _round,
    "min": min,
    "较小值": min,
    "max": max,
    "较大值": max,
}
FUNCTION_NAMES = frozenset(AGGREGATES) | frozenset(SCALARS)
CONSTANTS = {"True": True, "False": False, "None": None, "是": True, "否": False}


def aggregate(kind: str, values: list) -> float | None:
    vals = [v for v in values if v is not None and v == v]
    if kind == "count":
        return float(len(vals))
    if not vals:
        return None
    if kind == "mean":
        return math.fsum(vals) / len(vals)
    if kind == "median":
        return float(statistics.median(vals))
    if kind == "sum":
        return math.fsum(vals)
    if kind == "max":
        return max(vals)
    if kind == "min":
        return min(vals)
    raise ValueError(kind)


_BINOPS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Mod, ast.FloorDiv)
_CMPOPS = (ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.In, ast.NotIn)
_UNARY = (ast.Not, ast.USub, ast.UAdd)


@dataclass
class Compiled:
    source: str
    names: tuple[str, ...]  # participant quantities, in parameter order
    aggregates: tuple[tuple[str, str, Any], ...]  # (parameter, kind, quantity name | Compiled expression)
    fn: Any = field(repr=False, compare=False)
    fn_exact: Any = field(default=None, repr=False, compare=False)  # exact: Fractions in, constants exact
    guard: Any = field(default=None, repr=False, compare=False)  # float with error bounds (exact.py)
    guard_decide: Any = field(default=None, repr=False, compare=False)  # the same for a yes/no decision

    def __call__(self, *args):
        return self.fn(*args)


def _unknown(name: str, known) -> Any:
    """“unknown quantity 存款增量占必; did you mean 存款增量占比?” — a typo is named with its nearest name."""
    near = difflib.get_close_matches(name, [str(k) for k in known], n=1, cutoff=0.6)
    if near:
        return fmt(_("unknown quantity %(name)s; did you mean %(hint)s?"), name=name, hint=near[0])
    return fmt(_("unknown quantity %(name)s"), name=name)


def _refuse(rule: str, source: str, node: ast.AST | None, problem) -> DomainError:
    col = getattr(node, "col_offset", None)
    where = f" (col {col + 1})" if col is not None else ""
    return DomainError(
        "bad_rule",
        fmt(
            _("Rule “%(rule)s”: %(problem)s%(where)s in: %(source)s"),
            rule=rule,
            problem=problem,
            where=where,
            source=source,
        ),
        {"rule": rule, "expression": source, "column": None if col is None else col + 1, "problem": problem},
    )


def compile_rule(
    source: str, known: set[str] | dict, rule: str = "", aggregatable: set[str] | None = None
) -> Compiled:
    """Check `source` against the allowlist and the known quantity names, and compile it.

    `known`: the quantity names a participant has at this stage; `aggregatable`: names whose field
    aggregates may be taken (defaults to `known`).
    """
    rule = rule or source
    if not isinstance(source, str) or not source.strip():
        raise _refuse(rule, str(source), None, _("the expression is empty"))
    source = source.strip()
    if len(source) > MAX_LENGTH:
        raise _refuse(rule, source[:60] + "…", None, _("the expression is too long"))
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as e:
        problem = fmt(_("syntax error at column %(col)s"), col=e.offset or "?")
        raise DomainError(
            "bad_rule",
            fmt(_("Rule “%(rule)s”: %(problem)s in: %(source)s"), rule=rule, problem=problem, source=source),
            {"rule": rule, "expression": source, "column": e.offset, "problem": "syntax"},
        )
    aggregatable = set(known) if aggregatable is None else aggregatable
    names: list[str] = []
    aggs: list[tuple[str, str, str]] = []

    def check(node: ast.AST) -> ast.AST:
        if isinstance(node, ast.Constant):
            if not isinstance(node.value, int | float | str | bool) and node.value is not None:
                raise _refuse(rule, source, node, _("only numbers, text and True/False are allowed"))
            return node
        if isinstance(node, ast.Name):
            n = node.id
            if n.startswith("_"):
                raise _refuse(rule, source, node, fmt(_("the name %(name)s is not allowed"), name=n))
            if n in CONSTANTS:
                return ast.copy_location(ast.Constant(CONSTANTS[n]), node)
            if n in FUNCTION_NAMES:
                raise _refuse(rule, source, node, fmt(_("%(name)s is a function: call it"), name=n))
            if n not in known:
                raise _refuse(rule, source, node, _unknown(n, known))
            if n not in names:
                names.append(n)
            return node
        if isinstance(node, ast.Attribute):
            raise _refuse(
                rule, source, node, fmt(_("attribute access (.%(attr)s) is not allowed"), attr=node.attr)
            )
        if isinstance(node, ast.BoolOp):
            node.values = [check(v) for v in node.values]
            return node
        if isinstance(node, ast.BinOp):
            if not isinstance(node.op, _BINOPS):
                raise _refuse(
                    rule,
                    source,
                    node,
                    fmt(_("the operator %(op)s is not allowed"), op=type(node.op).__name__),
                )
            node.left, node.right = check(node.left), check(node.right)
            return node
        if isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, _UNARY):
                raise _refuse(
                    rule,
                    source,
                    node,
                    fmt(_("the operator %(op)s is not allowed"), op=type(node.op).__name__),
                )
            node.operand = check(node.operand)
            return node
        if isinstance(node, ast.Compare):
            for op in node.ops:
                if not isinstance(op, _CMPOPS):
                    raise _refuse(
                        rule,
                        source,
                        node,
                        fmt(_("the comparison %(op)s is not allowed"), op=type(op).__name__),
                    )
            node.left = check(node.left)
            node.comparators = [check(c) for c in node.comparators]
            return node
        if isinstance(node, ast.IfExp):
            node.test, node.body, node.orelse = check(node.test), check(node.body), check(node.orelse)
            return node
        if isinstance(node, ast.Tuple | ast.List):
            return ast.copy_location(ast.Tuple(elts=[check(e) for e in node.elts], ctx=ast.Load()), node)
        if isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Attribute):
                raise _refuse(
                    rule, source, f, fmt(_("attribute access (.%(attr)s) is not allowed"), attr=f.attr)
                )
            if not isinstance(f, ast.Name):
                raise _refuse(rule, source, node, _("only named functions may be called"))
            if f.id.startswith("_"):
                raise _refuse(rule, source, f, fmt(_("the name %(name)s is not allowed"), name=f.id))
            if f.id not in FUNCTION_NAMES:
                raise _refuse(rule, source, f, fmt(_("the function %(name)s is not allowed"), name=f.id))
            if node.keywords:
                raise _refuse(rule, source, node, _("keyword arguments are not allowed"))
            if f.id in AGGREGATES:
                if len(node.args) != 1 or isinstance(node.args[0], ast.Starred):
                    raise _refuse(
                        rule, source, node, fmt(_("%(name)s() takes one quantity or expression"), name=f.id)
                    )
                arg = node.args[0]
                if isinstance(arg, ast.Name):
                    q = arg.id
                    if q not in aggregatable:
                        raise _refuse(rule, source, arg, _unknown(q, aggregatable))
                else:  # an expression per participant, aggregated over the field
                    q = compile_rule(ast.unparse(arg), aggregatable, rule=rule)
                    if q.aggregates:
                        raise _refuse(rule, source, arg, _("an aggregate may not contain another aggregate"))
                kind = AGGREGATES[f.id]
                param = next((p for p, k, qq in aggs if k == kind and qq == q), None)
                if param is None:
                    param = f"_agg{len(aggs)}"
                    aggs.append((param, kind, q))
                return ast.copy_location(ast.Name(id=param, ctx=ast.Load()), node)
            if not node.args:
                raise _refuse(rule, source, node, fmt(_("%(name)s() needs arguments"), name=f.id))
            node.args = [check(a) for a in node.args]
            for a in node.args:
                if isinstance(a, ast.Starred):
                    raise _refuse(rule, source, a, _("starred arguments are not allowed"))
            return node
        what = type(node).__name__
        raise _refuse(rule, source, node, fmt(_("%(what)s is not allowed"), what=what))

    body = check(tree.body)
    _simpleeval_check(rule, source, names, aggs)
    guard = guarded(body, names, [p for p, _k, _q in aggs]) or (None, None)
    # Numeric constants become globals: as written in the fast function, exact fractions in the exact one.
    consts: dict[str, float] = {}

    class _Consts(ast.NodeTransformer):
        def visit_Constant(self, node):
            if isinstance(node.value, int | float) and not isinstance(node.value, bool):
                name = f"_k{len(consts)}"
                consts[name] = node.value
                return ast.copy_location(ast.Name(id=name, ctx=ast.Load()), node)
            return node

    body = _Consts().visit(body)
    params = [ast.arg(arg=n) for n in names] + [ast.arg(arg=p) for p, _k, _q in aggs]
    lam = ast.Expression(
        body=ast.Lambda(
            args=ast.arguments(posonlyargs=[], args=params, kwonlyargs=[], kw_defaults=[], defaults=[]),
            body=body,
        )
    )
    ast.fix_missing_locations(lam)
    code = compile(lam, f"<rule {rule}>", "eval")
    fn = eval(code, {"__builtins__": {}, **SCALARS, **consts})  # noqa: S307 - the tree passed the allowlist
    exact_env = {"__builtins__": {}, **SCALARS, "round": round_half_up, "四舍五入": round_half_up}
    fn_exact = eval(code, {**exact_env, **exact_constants(consts)})  # noqa: S307 - same checked tree
    return Compiled(source, tuple(names), tuple(aggs), fn, fn_exact, *guard)


def _simpleeval_check(rule: str, source: str, names: list[str], aggs) -> None:
    """A second opinion from simpleeval: the rule must evaluate there too (dummy values)."""
    funcs = dict(SCALARS)
    funcs.update({k: (lambda x: x) for k in AGGREGATES})
    inner = [n for _p, _k, q in aggs if isinstance(q, Compiled) for n in q.names]
    inner += [q for _p, _k, q in aggs if isinstance(q, str)]  # a quantity only ever aggregated
    ev = simpleeval.SimpleEval(names={**{n: 1.0 for n in (*names, *inner)}, **CONSTANTS}, functions=funcs)
    # the tuple of `x in (1, 2)`, which the allowlist admits (simpleeval has no handler of its own)
    ev.nodes[ast.Tuple] = lambda node: tuple(ev._eval(x) for x in node.elts)
    try:
        ev.eval(source)
    except simpleeval.InvalidExpression as e:
        raise _refuse(rule, source, None, fmt(_("refused by the expression checker: %(why)s"), why=e))
    except Exception:  # noqa: BLE001 - arithmetic on dummy values (1/0 …) says nothing about safety
        pass


def referenced(source: str) -> set[str]:
    """Every name a (syntactically valid) expression mentions, functions excluded."""
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError:
        return set()
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id not in FUNCTION_NAMES}


def called(source: str) -> set[str]:
    """The names of the functions an expression calls."""
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError:
        return set()
    return {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
