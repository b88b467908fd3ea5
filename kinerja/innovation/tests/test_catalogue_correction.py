"""Migration 0004 corrects the 2026 catalogue's texts to the source only while no claim uses the catalogue."""

import importlib

import pytest
from django.apps import apps

from kinerja.core.access import SYSTEM
from kinerja.innovation import services
from kinerja.innovation.models import CatalogueIndicator
from kinerja.innovation.tests.conftest import make_innovation

migration = importlib.import_module("kinerja.innovation.migrations.0004_catalogue_2026_source_texts")
OLD, NEW = migration.CORRECTIONS[33]["level_3"]


def _as_installed_by_0002(catalogue):
    CatalogueIndicator.objects.filter(catalogue=catalogue, number=33).update(level_3=OLD)  # as before 0004


@pytest.mark.django_db
def test_an_unused_catalogue_gets_the_source_text_and_a_fresh_install_has_it(catalogue):
    assert catalogue.indicators.get(number=33).level_3 == NEW  # what catalogue_data installs today
    _as_installed_by_0002(catalogue)
    migration.correct(apps, None)
    assert catalogue.indicators.get(number=33).level_3 == NEW
    migration.undo(apps, None)
    assert catalogue.indicators.get(number=33).level_3 == OLD


def test_a_used_catalogue_is_left_as_it_is(world, catalogue):
    _as_installed_by_0002(catalogue)
    innovation = make_innovation(world)
    services.claim_save(
        user=SYSTEM, innovation=innovation, indicator=catalogue.indicators.get(number=16), level=1,
        expected_version=None,
    )  # fmt: skip
    migration.correct(apps, None)
    assert catalogue.indicators.get(number=33).level_3 == OLD
