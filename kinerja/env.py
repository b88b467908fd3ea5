"""Typed helpers that read settings from environment variables and fail loudly on bad values."""

import os
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str:
    """Return the variable as text; raise when it is missing and has no default."""
    value = os.environ.get(name)
    if value is None:
        if default is None:
            raise ImproperlyConfigured(f"Environment variable {name} is required.")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    """Return the variable as a boolean; only 1/0, true/false, yes/no, on/off are accepted."""
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"Environment variable {name} must be a boolean, not {value!r}.")


def env_int(name: str, default: int) -> int:
    """Return the variable as an integer."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"Environment variable {name} must be an integer, not {value!r}.") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    """Return a comma-separated variable as a list of non-empty, stripped items."""
    value = os.environ.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_ints(name: str, default: list[int]) -> tuple[int, ...]:
    """Return a comma-separated variable of whole numbers as a tuple (empty: none)."""
    items = env_list(name, [str(n) for n in default])
    try:
        return tuple(int(item) for item in items)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"Environment variable {name} must be whole numbers separated by commas, not {os.environ[name]!r}."
        ) from exc


def parse_admin(item: str) -> tuple[str, str]:
    """Read "Name <address>" (or a bare address) as Django's (name, address) pair."""
    name, _, address = item.partition("<")
    return (name.strip(), address.rstrip(">").strip()) if address else (item.strip(), item.strip())


def env_decimal(name: str, default: str) -> Decimal:
    """Return the variable as a decimal number (a point as the decimal separator: 76.61)."""
    value = os.environ.get(name)
    text = default if value is None or value.strip() == "" else value.strip()
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise ImproperlyConfigured(f"Environment variable {name} must be a decimal number, not {value!r}.") from exc
    if not number.is_finite():
        raise ImproperlyConfigured(f"Environment variable {name} must be a finite number, not {value!r}.")
    return number
