"""Demo content other apps add to `seed_demo`: an app above the library (the site's news, say)
registers a seeder from its AppConfig.ready(), and seed_demo offers an option `--<name> N`."""

from collections.abc import Callable
from dataclasses import dataclass

Seeder = Callable[[int, int], int]  # (how many, random seed) → how many were made


@dataclass(frozen=True)
class DemoContent:
    name: str  # the option: --news
    seed: Seeder
    default: int
    help: str
    noun: str  # what seed_demo's summary calls them: "bài tin"


DEMO_CONTENT: dict[str, DemoContent] = {}


def register_demo(name: str, seed: Seeder, *, default: int, help: str, noun: str) -> None:
    DEMO_CONTENT[name] = DemoContent(name, seed, default, help, noun)
