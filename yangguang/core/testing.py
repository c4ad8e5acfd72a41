"""Test helpers for the media gate (core.media): who gets a stored file, and proof that a refusal is
the very same 404 as a file that does not exist."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.test import Client


def fetch(user, name: str):
    """GET the stored file `name` through its URL (as templates link it) as `user` (None: anonymous)."""
    client = Client()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client.get(default_storage.url(name))


def body_of(response) -> bytes:
    # reading a streamed body to its end closes the response the way the test client expects; a
    # second close() would send request_finished unguarded and close the test's database connection
    return b"".join(response.streaming_content) if response.streaming else response.content


def can_fetch(user, name: str, content: bytes) -> bool:
    """True when `user` gets exactly `content`; False when refused with a 404 whose body is that of a
    missing file next to it. Anything else (403, another body) fails: it would tell the file exists."""
    r = fetch(user, name)
    if r.status_code == 200:
        assert body_of(r) == content
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        return True
    folder, _sep, base = name.rpartition("/")
    missing = fetch(user, f"{folder}/no-such-file-{base}")
    assert missing.status_code == 404
    assert r.status_code == 404 and r.content == missing.content, (r.status_code, r.content)
    return False


def who_can_fetch(users: dict, name: str, content: bytes) -> set[str]:
    """The labels of `users` ({label: user or None}) who get the file."""
    return {label for label, user in users.items() if can_fetch(user, name, content)}
