"""Robots and crawlers, by user agent: COUNTER's list of patterns (COUNTER_Robots_list.txt,
vendored with its MIT licence in COUNTER_ROBOTS_LICENSE; replace the file to update it)."""

import re
from functools import lru_cache
from pathlib import Path

LIST = Path(__file__).with_name("COUNTER_Robots_list.txt")
MAX_AGENT = 1000  # longer user agents are robots' or attacks'; the regex need not read them


@lru_cache(maxsize=1)
def pattern() -> re.Pattern[str]:
    lines = LIST.read_text(encoding="utf-8").splitlines()
    return re.compile("|".join(f"(?:{line})" for line in lines if line.strip()), re.IGNORECASE)


@lru_cache(maxsize=4096)
def is_robot(user_agent: str) -> bool:
    """True for a listed robot, and for no user agent at all: every browser sends one."""
    agent = user_agent.strip()
    return not agent or len(agent) > MAX_AGENT or bool(pattern().search(agent))
