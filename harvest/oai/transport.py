"""Getting one response, politely and stubbornly: Retry-After honoured (seconds or HTTP-date,
capped), 5xx and lost connections retried with capped exponential backoff and jitter. And within
bounds: each answer is read under a size cap and an overall deadline (harvest.http.read_body);
an answer over either, or a provider the client refuses to reach (harvest.http's address
policy), is an error at once, not retried: it is what the provider is, not a passing fault."""

import email.utils
import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

from harvest.http import BodyRefused, Deadline, Refused, read_body

from .errors import TransportError

logger = logging.getLogger(__name__)
MAX_PAGE_BYTES = 64 * 1024 * 1024  # one answer; settings.HARVEST_OAI_MAX_BYTES in the site
DEADLINE = 120.0  # seconds for one answer; settings.HARVEST_OAI_DEADLINE in the site


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 6  # tries in all, the first included
    backoff: float = 1.0  # seconds before the first retry; doubled each time
    backoff_cap: float = 60.0
    retry_after_cap: float = 300.0  # the longest Retry-After obeyed
    jitter: float = 0.25  # ± this fraction of each wait


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP-date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class Transport:
    def __init__(
        self,
        http: httpx.Client,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
        max_bytes: int = MAX_PAGE_BYTES,
        deadline: float = DEADLINE,
    ) -> None:
        self.http = http
        self.policy = policy or RetryPolicy()
        self.sleep = sleep
        self.rng = rng or random.Random()
        self.max_bytes = max_bytes
        self.deadline = deadline

    def backoff(self, attempt: int) -> float:
        """Seconds to wait before retry number `attempt`: doubling, capped, with jitter."""
        wait = min(self.policy.backoff_cap, self.policy.backoff * 2.0 ** (attempt - 1))
        return wait * (1 + self.rng.uniform(-self.policy.jitter, self.policy.jitter))

    def get(self, url: str, params: Mapping[str, str]) -> bytes:
        last = ""
        for attempt in range(1, self.policy.attempts + 1):
            clock = Deadline.start(self.deadline)
            try:
                with self.http.stream(
                    "GET", url, params=params, timeout=clock.timeout(self.http.timeout)
                ) as response:
                    if response.status_code == 200:
                        return read_body(response, self.max_bytes, clock)
            except (Refused, BodyRefused) as err:
                raise TransportError(f"{url}: {err}") from err
            except httpx.TransportError as err:  # refused, reset, timed out
                if isinstance(err, httpx.TimeoutException) and clock.passed():
                    raise TransportError(f"{url}: {clock.message}") from err
                last = f"{type(err).__name__}: {err}"
                wait = self.backoff(attempt)
            else:
                last = f"HTTP {response.status_code}"
                if response.status_code in (429, 503):
                    asked = retry_after(response.headers.get("Retry-After"))
                    wait = (
                        min(asked, self.policy.retry_after_cap)
                        if asked is not None
                        else self.backoff(attempt)
                    )
                elif response.status_code >= 500:
                    wait = self.backoff(attempt)
                else:
                    raise TransportError(f"{url}: {last}")
            if attempt == self.policy.attempts:
                break
            logger.warning("%s: %s; retry %d in %.1f s", url, last, attempt, wait)
            self.sleep(wait)
        raise TransportError(f"{url}: {last} after {self.policy.attempts} attempts")
