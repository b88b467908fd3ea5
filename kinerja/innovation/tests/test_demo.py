import io

import pytest
from django.core.management import call_command

from kinerja.innovation.models import Claim, Innovation, Measure


@pytest.mark.django_db
def test_the_demo_loads_a_dozen_innovations_with_measures_claims_and_reviews():
    call_command("load_demo", stdout=io.StringIO())
    innovations = Innovation.objects.all()
    assert innovations.count() == 13
    assert set(innovations.values_list("stage", flat=True)) == {"initiative", "trial", "implementation"}
    assert {"reviewed", "submitted", "returned", "draft"} <= set(innovations.values_list("review_state", flat=True))
    permit = Innovation.objects.get(name="Izin Sumsel Daring")
    cut = Measure.objects.get(change__innovation=permit, change__service="Izin usaha perdagangan", kind="time").cut
    assert str(cut) == "78.57"
    assert Claim.objects.filter(state="accepted").exists() and Claim.objects.filter(state="returned").exists()
    assert not Innovation.objects.filter(agency__code="dpubmtr").exists()  # an agency with none
    assert Innovation.objects.get(name="Gerai Perizinan Keliling").adopted_from.name == "Samsat Keliling Desa"
    call_command("load_demo", stdout=io.StringIO())  # idempotent
    assert Innovation.objects.count() == 13
