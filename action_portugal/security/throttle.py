"""Refusing whoever tries too often: failed sign-ins from one address across accounts,
password-reset requests, and wrong passwords for private pages and document collections.
(django-axes keeps its own lock per account and address: action_portugal.security.sign_in.)

Attempts are counted in Django's default cache, so every app server sharing Redis shares
the counts, in fixed windows: one counter per window, incremented atomically. Reaching the
limit refuses that address or account for the window's length from then on. The times are
kept in the values, not only in the cache's expiry, so the clock the code reads decides.
"""

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

PREFIX = "throttle:"


@dataclass(frozen=True)
class Limit:
    """One of ``settings.THROTTLES``: ``name: (attempts, minutes)``; 0 attempts: no limit."""

    name: str

    @property
    def attempts(self) -> int:
        return settings.THROTTLES[self.name][0]

    @property
    def seconds(self) -> int:
        return max(1, settings.THROTTLES[self.name][1]) * 60

    def key(self, kind, who):
        # Hashed: what is counted may be an e-mail address someone typed, of any length.
        digest = hashlib.sha256(str(who).encode(errors="replace")).hexdigest()[:40]
        return f"{PREFIX}{self.name}:{kind}:{digest}"

    def refused_for(self, who) -> int:
        """Seconds before ``who`` may try again; 0 when it may now."""
        if self.attempts <= 0:
            return 0
        until = cache.get(self.key("until", who))
        return max(0, math.ceil((until or 0) - time.time()))

    def count(self, who) -> bool:
        """One more attempt by ``who``. True when it reaches the limit: ``who`` is refused
        from now on, for the window's length."""
        if self.attempts <= 0:
            return False
        now = time.time()
        key = self.key(f"window-{int(now // self.seconds)}", who)
        cache.add(key, 0, self.seconds)
        try:
            total = cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.set(key, 1, self.seconds)
            total = 1
        if total < self.attempts:
            return False
        cache.set(self.key("until", who), now + self.seconds, self.seconds)
        return True


SIGN_IN_ADDRESS = Limit("sign-in-address")
PASSWORD_RESET_ACCOUNT = Limit("password-reset-account")
PASSWORD_RESET_ADDRESS = Limit("password-reset-address")
PRIVATE_PASSWORD = Limit("private-password")
PRIVATE_PASSWORD_ADDRESS = Limit("private-password-address")


def refused_for(*checks) -> int:
    """The longest wait among ``(limit, who)`` pairs, in seconds (0: none refuses)."""
    return max((limit.refused_for(who) for limit, who in checks), default=0)


def count(*checks) -> bool:
    """Count an attempt against each ``(limit, who)``; True when any limit is reached."""
    reached = [limit.count(who) for limit, who in checks]
    return any(reached)


def minutes(seconds: int) -> int:
    """For the message: whole minutes, rounded up (never "0 minutes")."""
    return max(1, math.ceil(seconds / 60))
