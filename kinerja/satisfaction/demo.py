"""Demo surveys: every demo service unit for the two latest semesters ended on the day of the load.

Up to 2026 S2, by the to-date rule of ``kinerja.core.periods``: loaded on 2 December 2026, 2025 S2 (closed)
and 2026 S1 (still open). Generated and deterministic, marked illustrative. The licensing office scores low (grade C),
and so does the Samsat office of the revenue agency, whose revenue figures run ahead of its targets: the reality
check's case of figures that rise while the public feels nothing. The hospitals score well.
"""

import datetime
import random

from django.utils import timezone

from kinerja.core.access import SYSTEM
from kinerja.core.models import Government, ServiceUnit
from kinerja.core.periods import last_ended_month
from kinerja.satisfaction import services
from kinerja.satisfaction.choices import Education, Occupation
from kinerja.satisfaction.models import Response, Survey

SERVICES = {
    "hospital": ["Rawat jalan", "Rawat inap", "Instalasi gawat darurat"],
    "licensing": ["Perizinan berusaha", "Perizinan non-berusaha"],
    "school_office": ["Legalisasi ijazah", "Mutasi siswa"],
}
# Mean score per unit code (others: 3.2); the licensing and Samsat offices are graded C.
LEVELS = {"ptsp-provinsi": 2.75, "samsat-palembang-1": 2.8, "rsud-siti-fatimah": 3.45}
YEAR = 2026  # the demo's surveys run up to this year's second semester


def semesters_loaded(today: datetime.date) -> list[tuple[int, int]]:
    """The two latest semesters ended on ``today`` (up to 2026 S2), oldest first, as (year, number)."""
    ended = last_ended_month(YEAR, today) // 6
    latest = (YEAR, ended) if ended else (YEAR - 1, 2)
    return [(latest[0], 1) if latest[1] == 2 else (latest[0] - 1, 2), latest]


def _score(rng: random.Random, level: float) -> int:
    return max(1, min(4, round(rng.gauss(level, 0.55))))


def load(*, stdout, government: Government) -> None:
    if Survey.objects.filter(government=government).exists():
        stdout.write("  satisfaction: already loaded")
        return
    count = 0
    (older, latest) = semesters_loaded(timezone.localdate())
    for unit in ServiceUnit.objects.filter(government=government).order_by("code"):
        rng = random.Random(unit.code)
        level = LEVELS.get(unit.code, 3.2)
        for (year, number), respondents in ((older, 140), (latest, 190)):
            survey = services.survey_create(
                user=SYSTEM,
                service_unit=unit,
                period_kind="semester",
                year=year,
                number=number,
                population=rng.choice([400, 900, 1500]),
                services=SERVICES.get(unit.kind, ["Pelayanan umum"]),
                is_illustrative=True,
            )
            elements = list(survey.method.elements.all())
            choices = list(survey.services.all())
            for i in range(respondents):
                data = {
                    "service": rng.choice(choices).pk,
                    "gender": rng.choice("LP"),
                    "age": rng.randint(18, 70),
                    "education": rng.choice(Education.values),
                    "occupation": rng.choice(Occupation.values),
                    "suggestion": rng.choice(["", "", "", "Antrean perlu dipercepat.", "Petugas ramah, terima kasih."]),
                    "scores": {e.code: _score(rng, level - (0.3 if e.code == "U3" else 0)) for e in elements},
                }
                services.response_submit(
                    user=SYSTEM, survey=survey, data=data, channel="paper", elements=elements, form_token=f"demo-{survey.pk}-{i}",
                    answered_on=survey.ends,  # generated history: answered within the period
                )  # fmt: skip
                count += 1
            if (year, number) == older:
                current = Survey.objects.values_list("lock_version", flat=True).get(pk=survey.pk)
                services.survey_update(user=SYSTEM, survey=survey, data={"status": "closed"}, expected_version=current)
    Response.objects.filter(survey__government=government).update(is_illustrative=True)
    stdout.write(f"  satisfaction: {count} illustrative responses")
