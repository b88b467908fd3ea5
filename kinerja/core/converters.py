"""URL path converters: ``<id:pk>`` matches the id of a record, and nothing else.

Django's ``<int:...>`` takes any run of digits, and DRF's default router lookup any text without a slash:
``/api/v1/realizations/abc/submit/`` reached the view and ``2**70`` reached the database (an overflow on
SQLite, a 500 either way). ``id`` matches only a positive whole number that fits the 64-bit id columns;
anything else does not match the route, which answers 404.
"""

from django.urls import register_converter

from kinerja.core.params import ID_MAX


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= ID_MAX:
            raise ValueError("not an id")  # no match: the resolver tries the next route, and answers 404
        return number

    def to_url(self, value) -> str:
        return str(int(value))


register_converter(IdConverter, "id")
