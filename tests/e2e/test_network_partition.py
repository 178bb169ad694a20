"""The network to the database drops every packet without closing anything (a failed
switch, a cloud network's fault): the production server gives the 503 page within seconds,
not after TCP's own quarter of an hour, and recovers by itself when the network returns.

PostgreSQL runs in a network namespace of the test's own, reached over a virtual link;
taking the namespace's end of the link down silences it. That needs root (as CI runs)."""

import os
import subprocess
import time

import pytest

from ..services import fresh_redis
from .test_database_outage import (
    RECOVERY_LIMIT,
    UNCACHED,
    WARMED,
    Cluster,
    assert_unavailable_page,
    fetch,
    site_on,
    start_both_servers,
    stop_servers,
    wait_until_served,
)

pytestmark = pytest.mark.e2e

# DATABASE_TCP_USER_TIMEOUT (5 s) for the connection a request holds, then the pool's own
# timeout or a reconnection attempt: well within this.
ANSWER_LIMIT = 12  # seconds


def ip(*args, namespace=None):
    command = ["ip", *args] if namespace is None else ["ip", "-n", namespace, *args]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        pytest.fail(f"{' '.join(command)}: {done.stderr}")


class Network:
    """A network namespace joined to this one by a virtual link, on a /30 of its own."""

    def __init__(self):
        if os.geteuid() != 0:
            pytest.fail("network namespaces need root: run this test as root (CI does)")
        tag = f"ap{os.getpid()}"
        self.namespace, self.outside, self.inside = tag, f"{tag}o", f"{tag}i"
        used = subprocess.run(["ip", "-4", "-o", "addr"], capture_output=True, text=True).stdout
        octet = next(n for n in range(1, 255) if f"10.213.{n}." not in used)
        self.address = f"10.213.{octet}.2"
        ip("netns", "add", self.namespace)
        ip("link", "add", self.outside, "type", "veth", "peer", "name", self.inside)
        ip("link", "set", self.inside, "netns", self.namespace)
        ip("addr", "add", f"10.213.{octet}.1/30", "dev", self.outside)
        ip("link", "set", self.outside, "up")
        ip("addr", "add", f"{self.address}/30", "dev", self.inside, namespace=self.namespace)
        for device in ("lo", self.inside):
            ip("link", "set", device, "up", namespace=self.namespace)

    def cut(self):
        """Every packet between here and there is lost; no connection is told."""
        ip("link", "set", self.inside, "down", namespace=self.namespace)

    def heal(self):
        ip("link", "set", self.inside, "up", namespace=self.namespace)

    def remove(self):
        subprocess.run(["ip", "netns", "del", self.namespace], capture_output=True)


@pytest.fixture(scope="module")
def partition(tmp_path_factory):
    tmp_dir = tmp_path_factory.mktemp("partition")
    network = Network()
    cluster = Cluster(network.address, launcher=("ip", "netns", "exec", network.namespace))
    servers = []
    try:
        env = site_on(cluster, tmp_dir)
        redis_url = fresh_redis("TEST_REDIS_URL_PARTITION", "redis://127.0.0.1:6379/9")
        servers += start_both_servers(env, tmp_dir, redis_url)
        yield network, servers
    finally:
        network.heal()
        stop_servers(servers)
        cluster.remove()
        network.remove()


def test_a_silent_network_gives_the_503_page_within_seconds_and_heals(partition):
    network, servers = partition
    for server in servers:
        # Every worker has connections open, and pages in its cache.
        for n in range(4 * server.workers):
            assert fetch(server.base, f"{UNCACHED['en']}{n}").status == 200
        for path in WARMED:
            for _ in range(2 * server.workers):
                assert fetch(server.base, path).status == 200

    network.cut()
    try:
        started = time.monotonic()
        for server in servers:
            languages = ["pt", "en"] * (server.workers * 2)
            replies = [fetch(server.base, UNCACHED[language]) for language in languages]
            for reply, language in zip(replies, languages, strict=True):
                assert_unavailable_page(reply, language)
            seconds = [reply.seconds for reply in replies]
            print(f"\n{server.name}: 503s after", [f"{second:.2f}s" for second in seconds])
            assert max(seconds) < ANSWER_LIMIT, seconds
            # Pages visitors had are still served.
            for path in WARMED:
                reply = fetch(server.base, path)
                assert reply.status == 200, (server.name, path)
                assert reply.seconds < ANSWER_LIMIT, (server.name, path, reply.seconds)
        print(f"\ncut for {time.monotonic() - started:.1f}s")
    finally:
        network.heal()

    for server in servers:
        recovered = wait_until_served(server, time.monotonic() + RECOVERY_LIMIT)
        print(f"\n{server.name}: serving again {recovered:.2f}s after the network returned")
        log = server.log_text()
        assert "Traceback" not in log, log
        assert "Internal Server Error" not in log, log
