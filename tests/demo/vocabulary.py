"""Every page a demo user reaches speaks Chinese: no stored code, no English word, Chinese punctuation.

The demo world is built once; each demo login (and an anonymous visitor) starts from `/` and the
menu, and follows same-site links — at most two pages per URL pattern, a few hundred pages in all —
rendered in Chinese. The visible text must hold no ASCII word outside the allow-list (proper nouns, units, file types) and no ASCII `:` `,`
`;` touching a Chinese character. Not read: scripts and styles, `<code>` and `<pre>` (rule expressions,
hashes), a `<textarea>` (the scheme's YAML source), and an element marked `translate="no"` — the
HTML way to say "an identifier, not a word" (an indicator's code beside its name, an audit entry's
stored fields).
"""

from __future__ import annotations

import re
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

USERS = ["dali", "centre", "clerk", "jinan", "linyi", "court", None]
PER_PATTERN = 2
MAX_PAGES = 250  # per visitor

# Words a Chinese page may show: names, abbreviations, units and file types.
ALLOWED = {
    "ICBC", "PBC", "ECharts", "English", "WCAG", "GB", "MB", "KB", "km", "kg",
    "xlsx", "csv", "docx", "pdf", "yaml", "YAML", "json", "JSON", "CSV", "PDF", "API", "ID", "PDCA",
    "AA", "HMAC", "SHA", "OK", "QR", "Excel", "Word", "IP", "Yangguang", "RSS", "Atom",
    "dali", "centre", "clerk", "jinan", "linyi", "court",  # the demo logins, shown as who is signed in
    "testserver",  # the test client's host name in absolute links
}  # fmt: skip
SKIP_PREFIXES = ("/static/", "/media/", "/api/", "/admin/", "/accounts/logout", "/i18n/", "/bench/")
SKIP_SUFFIXES = (".xlsx", ".csv", ".docx", ".pdf", ".yaml", ".json", ".zip", ".js", ".css")
SKIP_WORDS = ("export", "download", "logout", "print")
CJK = "\u3400-\u9fff\uf900-\ufaff"
ASCII_PUNCT = re.compile(rf"[{CJK}][:;,]|[:;,] ?[{CJK}]")
WORD = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-/@']*")


class Page(HTMLParser):
    """Visible text and same-site links of one page."""

    HIDDEN = {"script", "style", "code", "pre", "template", "noscript", "textarea"}
    VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source", "area", "base", "col"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.links: list[str] = []
        self._hidden = 0
        self._stack: list[str] = []  # open tags inside a hidden element

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        if tag in self.HIDDEN or dict(attrs).get("translate") == "no" or self._hidden:
            self._stack.append(tag)
            self._hidden += 1
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith("/") and not href.startswith("//"):
                self.links.append(href.split("#")[0])

    def handle_endtag(self, tag):
        if tag in self._stack:  # close up to the matching tag (an unclosed <li> inside is fine)
            while self._stack:
                self._hidden -= 1
                if self._stack.pop() == tag:
                    break

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.text.append(data.strip())


def problems(text: str) -> list[str]:
    out = []
    for tok in WORD.findall(text):
        tok = tok.strip(".-/'")
        letters = re.sub(r"[^A-Za-z]", "", tok)
        if len(letters) < 2 or re.search(r"\d", tok) or "@" in tok or tok.startswith(("http", "www.")):
            continue  # numbers, codes like PBC-JN-03, dates, versions, addresses
        if tok in ALLOWED or all(part in ALLOWED for part in re.split(r"[-_./]", tok) if part):
            continue
        if re.fullmatch(r"[A-H]{2,8}", tok) or re.fullmatch(r"[\w-]+(/[\w.-]+)+\.\w+", tok):
            continue  # option letters (多选 ACD), a file path (docs/contests.md)
        out.append(f"word {tok!r}")
    for m in ASCII_PUNCT.finditer(text):
        out.append(f"ASCII punctuation {m.group(0)!r}")
    return out


def pattern_of(path: str) -> str | None:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.route or match.view_name


def crawl(client, starts=("/",), max_pages=MAX_PAGES) -> dict[str, list[str]]:
    """{url: [problem, …]} for every page reached; a page that errors is a problem too."""
    seen_pattern: dict[str, int] = defaultdict(int)
    queue, visited, found = list(starts), set(), {}
    while queue and len(visited) < max_pages:
        url = queue.pop(0)
        path = urlsplit(url).path
        if url in visited or path.startswith(SKIP_PREFIXES) or path.endswith(SKIP_SUFFIXES):
            continue
        if any(w in path.lower() for w in SKIP_WORDS):
            continue
        pat = pattern_of(url)
        if pat is None or seen_pattern[pat] >= PER_PATTERN:
            continue
        seen_pattern[pat] += 1
        visited.add(url)
        resp = client.get(url, follow=True, HTTP_ACCEPT_LANGUAGE="zh-hans")
        if resp.status_code >= 500:
            found[url] = [f"status {resp.status_code}"]
            continue
        ctype = resp.get("Content-Type", "")
        if resp.status_code != 200 or "text/html" not in ctype:
            continue
        page = Page()
        page.feed(resp.content.decode("utf-8", "replace"))
        bad = problems("\n".join(page.text))
        if bad:
            found[url] = sorted(set(bad))
        queue.extend(link for link in page.links if link not in visited)
    return found


def clients():
    from django.contrib.auth import get_user_model
    from django.test import Client

    users = get_user_model().objects
    for name in USERS:
        c = Client()
        if name:
            c.force_login(users.get(username=name), backend="django.contrib.auth.backends.ModelBackend")
        yield name or "anonymous", c


# Dates that say when something happened; schedules (a sitting's end, a due date, a competition's
# last day) may lie ahead.
AHEAD = re.compile(r"(^|_)(due|deadline|ends?|until|last|expires?|stale|valid|limit|plan|next|start)s?(_|$)")


def dated_after(now=None) -> dict[str, int]:
    """{model.field: rows} of recorded dates later than now (the demo is never dated in the future)."""
    from django.apps import apps
    from django.db import models
    from django.utils import timezone

    now = now or timezone.now()
    out = {}
    for model in apps.get_models():
        if not model.__module__.startswith("yangguang."):
            continue
        for f in model._meta.concrete_fields:
            if AHEAD.search(f.name):
                continue
            if isinstance(f, models.DateTimeField):
                limit = now
            elif isinstance(f, models.DateField):
                limit = timezone.localdate(now)
            else:
                continue
            n = model._default_manager.filter(**{f"{f.name}__gt": limit}).count()
            if n:
                out[f"{model._meta.label}.{f.name}"] = n
    return out


def check_nothing_in_the_demo_is_dated_after_it_was_built() -> None:
    assert dated_after() == {}


def check_every_demo_user_meets_only_chinese() -> None:
    report = {}
    for who, client in clients():
        for url, bad in crawl(client).items():
            report[f"{who} {url}"] = bad[:6]
    assert report == {}, "\n".join(f"{k}: {v}" for k, v in sorted(report.items()))
