"""The database connection's settings: PostgreSQL's JIT is off for Kinerja's connections unless asked for."""

import pytest
from django.db import connection


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's JIT")
def test_postgresql_jit_is_off():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_jit_option_is_added_to_the_connection_options(monkeypatch):
    """The settings add ``-c jit=off`` to a PostgreSQL connection's options, after any options it has."""
    import importlib

    import kinerja.settings as module

    monkeypatch.setenv("DATABASE_URL", "postgres://kinerja@db.example/kinerja")
    monkeypatch.setenv("SECRET_KEY", "s" * 50)
    monkeypatch.setenv("AUDIT_KEY", "a" * 50)
    try:
        reloaded = importlib.reload(module)
        assert reloaded.DATABASES["default"]["OPTIONS"]["options"] == "-c jit=off"
        monkeypatch.setenv("DATABASE_JIT", "1")
        reloaded = importlib.reload(module)
        assert "options" not in reloaded.DATABASES["default"].get("OPTIONS", {})
    finally:
        monkeypatch.undo()
        importlib.reload(module)
