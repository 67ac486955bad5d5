"""Did-you-mean's choice over given counts: pure, no engine, no database."""

from search import spelling

COUNTS = {
    "bien": {"biển": 50, "biến": 20, "biên": 5},
    "doi": {"đổi": 20, "đội": 30, "đời": 10},
    "bien_doi": {"biến_đổi": 18, "biên_đội": 1},
    "chan": {"chăn": 9},
    "nuoi": {"nuôi": 40},
    "chan_nuoi": {"chăn_nuôi": 8},
}


class Lookups:
    """COUNTS as a search.spelling.Counts function that remembers every call."""

    def __init__(self) -> None:
        self.calls: list[set[str]] = []

    def __call__(self, keys):
        keys = set(keys)
        self.calls.append(keys)
        return {k: COUNTS[k] for k in keys if k in COUNTS}


def test_pairs_outweigh_the_commoner_word():
    assert spelling.suggest(["bien", "doi"], Lookups()) == ["biến", "đổi"]
    assert spelling.suggest(["bien"], Lookups()) == ["biển"]


def test_a_word_one_edit_away_is_corrected_and_a_known_spelling_kept():
    assert spelling.suggest(["chan", "nuio"], Lookups()) == ["chăn", "nuôi"]
    assert spelling.suggest(["biên", "doi"], Lookups()) == ["biên", "đội"]


def test_hostile_words_cost_at_most_three_lookups_of_bounded_size():
    lookups = Lookups()
    typed = ["x" * 40, "qqqqqqqqq", "zzzz"] + ["ww"] * 5
    assert spelling.suggest(typed, lookups) == typed
    assert len(lookups.calls) <= 3
    assert sum(map(len, lookups.calls)) < 2000


def test_words_each_with_one_spelling_need_no_lookup_of_pairs():
    lookups = Lookups()
    assert spelling.suggest(["biến", "đổi", "chan", "nuôi"], lookups) == [
        "biến",
        "đổi",
        "chăn",
        "nuôi",
    ]
    assert lookups.calls == [{"bien", "doi", "chan", "nuoi"}]
    lookups = Lookups()
    assert spelling.suggest(["biến", "doi"], lookups) == ["biến", "đổi"]  # a choice: pairs read
    assert len(lookups.calls) == 2
