"""``route()`` gives the address ``reverse()`` gives, for every route whose arguments are record ids."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from kinerja.core.routes import route

ROUTES = [
    ("planning:indicator_detail", (7,)),
    ("monitoring:indicator_values", (123456,)),
    ("monitoring:entry", (12, 345)),
    ("monitoring:evidence", (9,)),
    ("projects:detail", (1,)),
    ("projects:photo", (2**40,)),
]


@pytest.mark.parametrize(("name", "ids"), ROUTES)
def test_route_is_reverse(name, ids):
    assert route(name, *ids) == reverse(name, args=list(ids))
    # A second call comes from the template, and puts in the new ids.
    other = tuple(i + 1 for i in ids)
    assert route(name, *other) == reverse(name, args=list(other))


def test_route_follows_the_script_prefix():
    """An installation under a path prefix (SCRIPT_NAME) gets its addresses under it, as reverse() does."""
    plain = route("monitoring:evidence", 5)
    set_script_prefix("/kinerja/")
    try:
        assert route("monitoring:evidence", 5) == "/kinerja" + plain == reverse("monitoring:evidence", args=[5])
    finally:
        set_script_prefix("/")


def test_route_without_ids_and_unknown_routes_behave_as_reverse():
    assert route("monitoring:board") == reverse("monitoring:board")
    with pytest.raises(NoReverseMatch):
        route("monitoring:no_such_page", 1)
    with pytest.raises(NoReverseMatch):  # a route that takes no id
        route("monitoring:board", 1)
