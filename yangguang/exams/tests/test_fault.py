"""Fault test: kill -9 the app server mid-exam, restart it, and every acknowledged answer is there.

Runs gunicorn as a subprocess against a file SQLite database (its own temporary var directory).
"""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent

SETUP = r"""
import json, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from yangguang.orgs.testing import build_cast
from yangguang.exams.testing import build_world, right_answers
w = build_world(build_cast(), minutes=120)
print("WORLD=" + json.dumps([
    {"code": c.exam_code, "answers": {str(q): v for q, v in right_answers(c).items()}} for c in w.candidates
]))
"""


def _free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def _call(port, method, path, body=None, token=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["X-Exam-Token"] = token
    conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    r = conn.getresponse()
    data = r.read()
    conn.close()
    return r.status, json.loads(data or b"{}")


def _start(env, port):
    proc = subprocess.Popen(
        [str(BIN / "gunicorn"), "yangguang.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("gunicorn did not start")


@pytest.mark.skipif(not (BIN / "gunicorn").exists(), reason="gunicorn is not installed")
def test_kill_9_loses_no_saved_answer(tmp_path):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="yangguang.settings",
        YANGGUANG_VAR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'fault.sqlite3'}",
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    env.pop("REDIS_URL", None)
    out = subprocess.run(
        [sys.executable, "-c", SETUP], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )
    assert out.returncode == 0, out.stderr[-3000:]
    world = json.loads(out.stdout.split("WORLD=", 1)[1])
    port = _free_port()
    server = _start(env, port)
    saved = {}
    try:
        for cand in world:
            status, body = _call(port, "POST", "/api/v1/exams/take/sign-in", {"exam_code": cand["code"]})
            assert status == 200, body
            token = body["token"]
            saved[token] = {}
            for q, v in cand["answers"].items():
                status, body = _call(
                    port, "PUT", "/api/v1/exams/take/answers", {"question": int(q), "value": v}, token
                )
                assert status == 200, body
                saved[token][q] = v
        # mid-exam: the server dies without any chance to clean up
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(10)
        with pytest.raises(OSError):
            _call(port, "GET", "/api/v1/exams/take/paper", token=token)
        server = _start(env, port)
        lost = 0
        for token, answers in saved.items():
            status, paper = _call(port, "GET", "/api/v1/exams/take/paper", token=token)
            assert status == 200, paper
            got = {str(q["id"]): q["value"] for q in paper["questions"]}
            lost += sum(1 for q, v in answers.items() if got.get(q) != v)
            # the candidate carries on after the restart, and submits
            status, body = _call(port, "POST", "/api/v1/exams/take/submit", token=token)
            assert status == 200 and body["answers"] == len(answers)
        assert lost == 0 and sum(map(len, saved.values())) >= 25
    finally:
        try:
            os.killpg(server.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        server.wait(10)
