from django.utils import translation

from kinerja.core.templatetags.kinerja import dn_labels

SUBJECT = "Common Name: Budi, Organization: Kinerja DEMO, Organizational Unit: Dinkes, Country: ID"


def test_certificate_names_read_in_indonesian_and_stay_english_after_the_switch():
    with translation.override("id"):
        assert dn_labels(SUBJECT) == "Nama: Budi, Organisasi: Kinerja DEMO, Unit organisasi: Dinkes, Negara: ID"
    with translation.override("en"):
        assert dn_labels(SUBJECT) == SUBJECT


def test_only_attribute_names_are_translated_not_values_that_look_like_them():
    with translation.override("id"):
        assert dn_labels("Common Name: Country Club, Country: ID") == "Nama: Country Club, Negara: ID"
