"""The check the PostgreSQL connection pool runs on each connection it hands out."""

from psycopg_pool import ConnectionPool


def check_connection(conn):
    """psycopg_pool's own check, and when a connection fails it, every idle one replaced.

    A broken connection means PostgreSQL restarted, or the network to it dropped: the
    pool's other idle connections date from before and are broken too. The pool would
    find that out one at a time, trying the second at once, the third a second later, the
    fourth two seconds after that: with three, longer than a request waits for a connection
    (``DATABASE_POOL_TIMEOUT``, 3 s), and a visitor got the 503 page from a database that
    was up. Draining closes the idle ones at once and opens new ones; the pool's immediate
    second try waits for the first of them (about 10 ms).
    """
    try:
        ConnectionPool.check_connection(conn)
    except Exception:
        from django.db import DEFAULT_DB_ALIAS, connections

        pool = connections[DEFAULT_DB_ALIAS].pool
        if pool is not None:
            pool.drain()
        raise
