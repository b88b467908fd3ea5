"""The breadcrumbs of the project pages name what they lead to (a project by its name, a meeting by its title),
never a code or a slug: the Tanjung Carat page showed ``pelabuhan-tanjung-carat``."""

import datetime
import re

import pytest
from django.utils.html import strip_tags
from django.utils.text import Truncator

from kinerja.core.access import SYSTEM
from kinerja.projects import services
from kinerja.projects.choices import ObstacleCategory
from kinerja.projects.tests.conftest import TODAY, make_project

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "127.0.0.1"}
NAME = "Pembangunan Pelabuhan Laut Tanjung Carat dan Jalan Akses Menuju Kawasan Ekonomi Khusus Tanjung Api-Api"
CRUMB = re.compile(r'<li class="breadcrumb-item[^"]*"[^>]*>(.*?)</li>', re.S)


def _crumbs(client, url) -> list[str]:
    response = client.get(url, **HOST)
    assert response.status_code == 200, url
    html = response.content.decode()
    nav = html[html.index('class="breadcrumb"') :].split("</ol>")[0]
    return [" ".join(strip_tags(c).split()) for c in CRUMB.findall(nav)]


def test_every_breadcrumb_of_the_project_pages_names_the_record(client, world):
    project = make_project(world, code="pelabuhan-tanjung-carat", name=NAME, agency=world.dinkes)
    milestone = services.milestone_save(
        user=SYSTEM, project=project, title="Serah terima lahan", planned=datetime.date(2026, 9, 1), today=TODAY,
        expected_version=None,
    )  # fmt: skip
    obstacle = services.obstacle_save(
        user=SYSTEM, agency=world.dinkes, today=TODAY, expected_version=None,
        data={"project": project, "title": "Lahan belum dibebaskan", "category": ObstacleCategory.LAND,
              "raised_on": TODAY, "owner": "Dishub"},
    )  # fmt: skip
    meeting = services.meeting_save(
        user=SYSTEM, government=world.government,
        data={"title": "Rapat koordinasi proyek strategis awal tahun", "date": datetime.date(2026, 1, 21),
              "place": "Griya Agung", "chair": "Gubernur"},
    )  # fmt: skip
    services.directive_save(
        user=SYSTEM, meeting=meeting, text="Percepat pembebasan lahan", due=datetime.date(2026, 3, 31),
        agencies=[world.dinkes],
    )  # fmt: skip
    assignment = meeting.directives.get().assignments.get()
    client.force_login(world.users["planner"])
    short_name = Truncator(NAME).chars(60)  # "Pembangunan Pelabuhan Laut Tanjung Carat dan Jalan Akses Me…"
    for url in (f"/proyek/{project.pk}/", f"/proyek/{project.pk}/laporan/", f"/proyek/{project.pk}/tonggak/",
                f"/proyek/{project.pk}/tonggak/{milestone.pk}/"):  # fmt: skip
        crumbs = _crumbs(client, url)
        assert short_name in crumbs, (url, crumbs)
        assert project.code not in " ".join(crumbs), (url, crumbs)
    assert _crumbs(client, f"/rapat/{meeting.pk}/")[-1] == "Rapat koordinasi proyek strategis awal tahun"
    assert _crumbs(client, f"/rapat/{meeting.pk}/arahan/baru/")[0] == "Rapat koordinasi proyek strategis awal tahun"
    assert _crumbs(client, f"/arahan/{assignment.pk}/")[0] == "Rapat koordinasi proyek strategis awal tahun"
    assert _crumbs(client, f"/hambatan/{obstacle.pk}/")[-1] == "Lahan belum dibebaskan"
