"""The innovation pages against the cast: ok, login (anonymous), forbidden (403), missing (404, out of scope)."""

import pytest

from kinerja.core.access import SYSTEM
from kinerja.innovation import services
from kinerja.innovation.models import CatalogueIndicator
from kinerja.innovation.tests.conftest import make_innovation, measures, pdf
from kinerja.tests.versions import current_version

CAST = [
    "anonymous", "no_role", "dinkes_operator", "dinkes_head", "disdik_operator", "planner", "inspector", "leader",
    "service_quality", "admin_user", "stranger",
]  # fmt: skip
EVERYONE = dict.fromkeys(CAST, "ok") | {"anonymous": "login"}
LIST = EVERYONE | {"no_role": "forbidden"}
DINKES_OBJECT = EVERYONE | {"no_role": "missing", "disdik_operator": "missing", "stranger": "missing"}
KEEP = dict.fromkeys(CAST, "forbidden") | {
    "anonymous": "login", "dinkes_operator": "ok", "dinkes_head": "ok", "admin_user": "ok",
    "disdik_operator": "missing", "stranger": "missing", "no_role": "missing",
}  # fmt: skip
REGISTER = dict.fromkeys(CAST, "forbidden") | {
    "anonymous": "login", "dinkes_operator": "ok", "dinkes_head": "ok", "disdik_operator": "ok", "admin_user": "ok",
}  # fmt: skip
GOVERNMENT_WIDE = dict.fromkeys(CAST, "forbidden") | {
    "anonymous": "login", "planner": "ok", "inspector": "ok", "leader": "ok", "service_quality": "ok",
    "admin_user": "ok", "stranger": "ok",  # the other government's planner sees their own (empty) readiness
}  # fmt: skip
REVIEWERS = dict.fromkeys(CAST, "forbidden") | {
    "anonymous": "login", "planner": "ok", "service_quality": "ok", "admin_user": "ok", "stranger": "ok",
}  # fmt: skip
PUBLIC = dict.fromkeys(CAST, "ok")
ADOPT = dict.fromkeys(CAST, "forbidden") | {
    "anonymous": "login", "disdik_operator": "ok", "admin_user": "ok", "stranger": "missing",
}  # fmt: skip

PAGES = [
    ("/registri-inovasi/", LIST),
    ("/registri-inovasi/ekspor.xlsx", LIST),
    ("/registri-inovasi/baru/", REGISTER),
    ("/registri-inovasi/{innovation}/", DINKES_OBJECT),
    ("/registri-inovasi/{innovation}/ubah/", KEEP | {"no_role": "forbidden"}),  # no government to edit in
    ("/registri-inovasi/{innovation}/layanan/baru/", KEEP),
    ("/registri-inovasi/{innovation}/klaim/{indicator}/", KEEP),
    ("/registri-inovasi/bukti-ukuran/{measure}/", DINKES_OBJECT),
    ("/registri-inovasi/bukti-klaim/{claim}/", DINKES_OBJECT),
    ("/registri-inovasi/kesiapan/", GOVERNMENT_WIDE),
    ("/registri-inovasi/kesiapan/iga.xlsx", GOVERNMENT_WIDE),
    ("/registri-inovasi/telaah/", REVIEWERS),
    ("/inovasi/", PUBLIC),
    ("/inovasi/{innovation}/", PUBLIC),
    ("/inovasi/{innovation}/replikasi/", ADOPT),
]


def _outcome(response) -> str:
    if response.status_code == 302 and "/login/" in response["Location"]:
        return "login"
    if response.status_code in (200, 302):
        return "ok"
    return {403: "forbidden", 404: "missing"}.get(response.status_code, str(response.status_code))


@pytest.fixture
def objects(world):
    innovation = make_innovation(world)
    change = services.change_save(
        user=SYSTEM, innovation=innovation, service="Pendaftaran",
        measures=measures(steps={"before": 8, "after": 3, "upload": pdf()}),
    )  # fmt: skip
    indicator = CatalogueIndicator.objects.get(catalogue__year=2026, number=16)
    claim = services.claim_save(
        user=SYSTEM, innovation=innovation, indicator=indicator, level=2, upload=pdf(), expected_version=None
    )
    services.innovation_submit(user=SYSTEM, innovation=innovation, expected_version=current_version(innovation))
    services.innovation_review(
        user=SYSTEM, innovation=innovation, accept=True, expected_version=current_version(innovation)
    )
    return {"innovation": innovation.pk, "indicator": indicator.pk, "measure": change.measures.get(kind="steps").pk,
            "claim": claim.pk}  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(("template", "expected"), PAGES, ids=[p for p, _ in PAGES])
def test_innovation_page_permissions(world, client, objects, template, expected):
    url = template.format(**objects)
    got = {}
    for name in CAST:
        client.logout()
        if name != "anonymous":
            client.force_login(world.users[name])
        got[name] = _outcome(client.get(url))
    assert got == expected


@pytest.mark.django_db
def test_post_actions_follow_the_same_rules(world, client, objects):
    claim_url = f"/registri-inovasi/klaim/{objects['claim']}/telaah/"
    submit_url = f"/registri-inovasi/{objects['innovation']}/ajukan/"
    for name, claim_status, submit_status in (
        ("dinkes_operator", 403, 302), ("disdik_operator", 404, 404), ("leader", 403, 403),
        ("inspector", 403, 403), ("stranger", 404, 404),
    ):  # fmt: skip
        client.force_login(world.users[name])
        assert client.post(claim_url, {"decision": "accept"}).status_code == claim_status, name
        assert client.post(submit_url).status_code == submit_status, name
