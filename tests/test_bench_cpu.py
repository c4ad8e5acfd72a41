"""bench/cpu.py: the CPU a benchmark round spent, per request and by component."""

import multiprocessing as mp
import os
import time

import pytest

from bench import cpu

pytestmark = pytest.mark.skipif(not os.path.exists("/proc/stat"), reason="reads /proc")


def _burn(seconds):
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def test_a_client_processes_cpu_is_counted_per_request():
    sampler = cpu.Sampler()
    p = mp.get_context("fork").Process(target=_burn, args=(0.3,))
    p.start()
    p.join()
    by = sampler.per_request(10)
    assert 25 <= by["clients"] <= 40  # 300 ms over 10 requests
    assert by["machine"] >= by["clients"] * 0.9
    assert cpu.Sampler().per_request(0) == {}


def test_components_are_told_apart_by_process():
    assert cpu._kind("postgres", "") == "postgres"
    assert cpu._kind("redis-server", "") == "redis"
    assert cpu._kind("python3", "gunicorn\0yangguang.wsgi") == "app"
    assert cpu._kind("python3", "gunicorn\0bench.floor.wsgi") == "app_floor"
    assert cpu._kind("python3", "pytest") is None
