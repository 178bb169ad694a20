"""The services some tests need besides the database."""

import os

import pytest


def fresh_redis(variable, default):
    """The URL of an empty Redis database (``variable`` in the environment, else
    ``default``), or a clear failure saying how to point at another."""
    import redis

    url = os.environ.get(variable, default)
    try:
        redis.Redis.from_url(url).flushdb()
    except redis.ConnectionError:
        pytest.fail(f"Redis is needed at {url} (set {variable} to another)")
    return url
