"""Exact rule arithmetic at float speed: a float evaluation that knows when it may be wrong.

A rule is decided in exact rational arithmetic (`fractions.Fraction`: the figures as the decimals
written, constants as written, division exact) — 0.1 + 0.2 == 0.3 is true, 95.005 rounds half up to
95.01. Doing that for 400,000 participants would cost seconds, so each checked expression is also
compiled into a *guarded* float function that carries, next to every intermediate value, a bound on
its distance from the exact value (a running error bound: inputs within half an ulp, each operation
adds its own rounding and propagates its operands' bounds). Wherever a decision could flip inside
that bound — a comparison of two values closer than their bounds, a truth test of a value that may be
zero, a `//`, `%` or `round` at a boundary, a division by a value that may be zero — the guarded
function answers `UNSURE` and that participant is evaluated exactly. Anything else unexpected (a
string where a number was expected …) also falls back to the exact function, which raises the real
error. The guarded function is generated from the same allowlisted syntax tree as the rule itself
(names, constants, arithmetic, comparisons, and/or/not, if-else and the scalar functions): no other
code can appear in it."""

from __future__ import annotations

import ast
import math
from decimal import Decimal
from fractions import Fraction

# One unit of rounding, doubled for safety: every operation adds U × |result| to the bound.
U = 2.0**-52
SAFETY = 4.0  # a comparison is decided in float only when the values differ by > SAFETY × the bounds

_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%"}
_CMP = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.In: "in",
    ast.NotIn: "not in",
}
_FN = {
    "abs": "abs",
    "绝对值": "abs",
    "round": "round",
    "四舍五入": "round",
    "min": "min",
    "较小值": "min",
    "max": "max",
    "较大值": "max",
}


class Unsure:
    """The guarded function's answer where the float cannot decide: evaluate this participant exactly."""

    __slots__ = ()


UNSURE = Unsure()


def frac(x) -> Fraction:
    """An exact input: ints and Decimals as they are, a float as the decimal it was written as."""
    if isinstance(x, Fraction):
        return x
    if isinstance(x, float):
        return Fraction(repr(x))
    return Fraction(x)


def round_half_up(x, n=0):
    """四舍五入 of an exact value: an exact half goes away from zero."""
    q = Fraction(10) ** int(n)
    y = frac(x) * q
    r = math.floor(abs(y) + Fraction(1, 2))
    return Fraction(r if y >= 0 else -r) / q


def half_up_cents(x) -> int:
    """An exact value (Fraction, Decimal, int) → whole cents, half up."""
    y = frac(x) * 100
    r = math.floor(abs(y) + Fraction(1, 2))
    return r if y >= 0 else -r


def input_errors(col) -> list:
    """Bounds of figures read from cells (≤ 15 significant digits): 0 for a whole number (exact in
    binary), else half an ulp (U·|x| is more); NaN stays NaN (no figure)."""
    return [U * abs(x) if x % 1 else 0.0 for x in col]  # NaN % 1 is NaN: the bound stays NaN


def relative_errors(col, r: float) -> list:
    """Bounds r·|x| (a quantity computed in float with relative error at most r)."""
    return [r * abs(x) if x == x else x for x in col]


class _Gen:
    """Emits the guarded function's statements; each expression node becomes (value name, bound name)."""

    def __init__(self, consts: dict):
        self.lines: list[str] = []
        self.n = 0
        self.depth = 1
        self.consts = consts  # global name → float, for constants

    def put(self, s: str) -> None:
        self.lines.append("    " * self.depth + s)

    def tmp(self) -> tuple[str, str]:
        self.n += 1
        return f"_t{self.n}", f"_t{self.n}e"

    def truth(self, v: str, e: str) -> None:
        """A value used as true/false: undecided when it may be zero."""
        self.put(f"if {e} and abs({v}) <= _S * {e}: return _X")

    def emit(self, node) -> tuple[str, str]:  # noqa: C901 - one branch per allowed node kind
        if isinstance(node, ast.Constant):
            v = node.value
            if isinstance(v, float):
                name = f"_k{len(self.consts)}"
                self.consts[name] = v
                return name, ("0.0" if v.is_integer() else repr(U * abs(v)))
            return repr(v), "0.0"
        if isinstance(node, ast.Name):
            return node.id, self.errname(node.id)
        t, te = self.tmp()
        if isinstance(node, ast.BinOp):
            a, ae = self.emit(node.left)
            b, be = self.emit(node.right)
            op = type(node.op)
            if op in (ast.Add, ast.Sub):
                self.put(f"{t} = {a} {_OPS[op]} {b}")
                self.put(f"{te} = {ae} + {be} + _U * abs({t})")
            elif op is ast.Mult:
                self.put(f"{t} = {a} * {b}")
                self.put(f"{te} = abs({a}) * {be} + abs({b}) * {ae} + {ae} * {be} + _U * abs({t})")
            else:
                self.put(f"if abs({b}) <= _S * {be}: return _X")
                self.put(f"_q = {a} / {b}")
                self.put(
                    f"_qe = (abs({a}) * {be} + abs({b}) * {ae}) / (abs({b}) * (abs({b}) - {be})) + _U * abs(_q)"
                )
                if op is ast.Div:
                    self.put(f"{t}, {te} = _q, _qe")
                else:  # floor division and remainder: undecided when the quotient may be a whole number
                    self.put("_f = _floor(_q)")
                    self.put("if _q - _f <= _S * _qe or _f + 1 - _q <= _S * _qe: return _X")
                    if op is ast.FloorDiv:
                        self.put(f"{t}, {te} = float(_f), 0.0")
                    else:
                        self.put(f"{t} = {a} - {b} * _f")
                        self.put(f"{te} = {ae} + abs(_f) * {be} + _U * (abs({a}) + abs({b} * _f))")
            return t, te
        if isinstance(node, ast.UnaryOp):
            a, ae = self.emit(node.operand)
            if isinstance(node.op, ast.Not):
                self.truth(a, ae)
                self.put(f"{t}, {te} = not {a}, 0.0")
            else:
                self.put(f"{t}, {te} = {'-' if isinstance(node.op, ast.USub) else '+'}{a}, {ae}")
            return t, te
        if isinstance(node, ast.Compare):
            a, ae = self.emit(node.left)
            parts = []
            for op, right in zip(node.ops, node.comparators, strict=True):
                sym = _CMP[type(op)]
                if sym in ("in", "not in"):
                    if not isinstance(right, ast.Tuple):
                        raise NotImplementedError("in without a tuple")
                    elts = [self.emit(x) for x in right.elts]
                    for b, be in elts:
                        self.put(f"if ({ae} or {be}) and abs({a} - {b}) <= _S * ({ae} + {be}): return _X")
                    parts.append(f"({a} {sym} ({', '.join(b for b, _e in elts)}{',' if elts else ''}))")
                    continue
                b, be = self.emit(right)
                self.put(f"if ({ae} or {be}) and abs({a} - {b}) <= _S * ({ae} + {be}): return _X")
                parts.append(f"({a} {sym} {b})")
                a, ae = b, be
            self.put(f"{t}, {te} = {' and '.join(parts)}, 0.0")
            return t, te
        if isinstance(node, ast.BoolOp):
            self._bool(node.values, isinstance(node.op, ast.And), t, te)
            return t, te
        if isinstance(node, ast.IfExp):
            c, ce = self.emit(node.test)
            self.truth(c, ce)
            self.put(f"if {c}:")
            self.depth += 1
            b, be = self.emit(node.body)
            self.put(f"{t}, {te} = {b}, {be}")
            self.depth -= 1
            self.put("else:")
            self.depth += 1
            b, be = self.emit(node.orelse)
            self.put(f"{t}, {te} = {b}, {be}")
            self.depth -= 1
            return t, te
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _FN:
            fn = _FN[node.func.id]
            if fn == "round":
                if len(node.args) == 2 and not (
                    isinstance(node.args[1], ast.Constant) and type(node.args[1].value) is int
                ):
                    raise NotImplementedError("round to a computed number of places")
                a, ae = self.emit(node.args[0])
                places = node.args[1].value if len(node.args) == 2 else 0
                self.put(f"_y = abs({a}) * {10.0**places!r}")
                self.put(f"_ye = {ae} * {10.0**places!r} + _U * _y")
                self.put("_f = _floor(_y + 0.5)")
                self.put("if abs(_y + 0.5 - _f) <= _S * _ye or abs(_f + 0.5 - _y) <= _S * _ye: return _X")
                self.put(f"{t} = (_f if {a} >= 0 else -_f) / {10.0**places!r}")
                self.put(f"{te} = _U * abs({t})")
                return t, te
            args = [self.emit(x) for x in node.args]
            if fn == "abs" and len(args) == 1:
                self.put(f"{t}, {te} = abs({args[0][0]}), {args[0][1]}")
                return t, te
            if fn in ("min", "max") and len(args) > 1:
                self.put(f"{t} = {fn}({', '.join(v for v, _e in args)})")
                self.put(f"{te} = max({', '.join(e for _v, e in args)})")
                return t, te
        raise NotImplementedError(type(node).__name__)

    def _bool(self, values, is_and: bool, t: str, te: str) -> None:
        a, ae = self.emit(values[0])
        if len(values) == 1:
            self.put(f"{t}, {te} = {a}, {ae}")
            return
        self.truth(a, ae)
        self.put(f"if {'' if is_and else 'not '}{a}:")
        self.depth += 1
        self._bool(values[1:], is_and, t, te)
        self.depth -= 1
        self.put("else:")
        self.depth += 1
        self.put(f"{t}, {te} = {a}, {ae}")
        self.depth -= 1

    def errname(self, name: str) -> str:
        return self.errs[name]


def guarded(body: ast.AST, names: list[str], aggs: list[str]):
    """The guarded float functions of a checked expression body, called with the quantities' values,
    their bounds, the aggregates' values and their bounds: the first → (value, bound), the second (for a
    decision) → the value; either gives UNSURE where it cannot vouch for the exact result. None when the
    expression has a form the guard does not cover (then every evaluation is exact)."""
    consts: dict = {}
    gen = _Gen(consts)
    gen.errs = {p: f"_e{k}" for k, p in enumerate([*names, *aggs])}
    try:
        v, e = gen.emit(body)
    except NotImplementedError:
        return None
    errs = list(gen.errs.values())
    params = [*names, *errs[: len(names)], *aggs, *errs[len(names) :]]
    head = f"def _guard({', '.join(params)}):"
    decide = f"    return _X if {e} and abs({v}) <= _S * {e} else {v}"  # a decision: may it be zero?
    env = {"__builtins__": {}, "abs": abs, "min": min, "max": max, "float": float}
    env.update(_X=UNSURE, _U=U, _S=SAFETY, _floor=math.floor, **consts)
    fns = []
    for tail in (f"    return {v}, {e}", decide):
        src = "\n".join([head, *gen.lines, tail])
        exec(compile(src, "<guarded rule>", "exec"), env)  # noqa: S102 - generated from the allowlisted tree
        fns.append(env["_guard"])
    return tuple(fns)


def exact_constants(consts: dict) -> dict:
    """The exact function's constants: each as the decimal written (0.1 is 1/10)."""
    return {k: (Fraction(v) if isinstance(v, int) else Fraction(repr(v))) for k, v in consts.items()}


def to_decimal(x) -> Decimal:
    """An exact result for display or storage (28 significant digits)."""
    if isinstance(x, Fraction):
        return Decimal(x.numerator) / Decimal(x.denominator)
    return Decimal(x) if not isinstance(x, float) else Decimal(repr(x))
