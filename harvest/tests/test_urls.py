"""One repository, however its base URL is spelled (harvest.oai.urls): no Django."""

import pytest

from harvest.oai.urls import base_url_key, clean_base_url


@pytest.mark.parametrize(
    ("typed", "clean"),
    [
        ("HTTP://Kho.CTU.edu.vn:80/oai/request?verb=Identify", "http://kho.ctu.edu.vn/oai/request"),
        ("https://kho.vn:443/oai/", "https://kho.vn/oai/"),  # the path as given: /oai/ stays
        ("https://kho.vn:8443/oai#x", "https://kho.vn:8443/oai"),
        ("  http://[::1]:8000/oai  ", "http://[::1]:8000/oai"),
    ],
)
def test_the_stored_address_drops_what_never_names_another_repository(typed, clean):
    assert clean_base_url(typed) == clean


def test_spellings_of_one_repository_share_a_key_and_others_do_not():
    same = [
        "http://127.0.0.1:8000/oai",
        "HTTP://127.0.0.1:8000/oai/",
        "http://localhost:8000/oai",
        "http://127.0.0.1:8000/oai?verb=Identify",
    ]
    assert len({base_url_key(url) for url in same}) == 1
    others = [
        "http://127.0.0.1:8001/oai",
        "https://127.0.0.1:8000/oai",
        "http://127.0.0.1:8000/oai2",
    ]
    assert len({base_url_key(url) for url in [same[0], *others]}) == 4
    assert base_url_key("http://ip6-localhost:80/oai") == "http://[::1]/oai"
    assert base_url_key("HTTP://localhost:8000/oai/") == "http://127.0.0.1:8000/oai"
