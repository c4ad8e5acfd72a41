def pytest_configure(config):
    config.addinivalue_line(
        "markers", "worker: a real Celery worker against Redis and PostgreSQL (run by .ci/run)"
    )
