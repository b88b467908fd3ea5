"""The six basic-service (SPM) sectors of PP 2/2018 Pasal 4(1) and which agencies serve them.

The sectors are the six "urusan wajib pelayanan dasar", whose bidang codes the SIPD nomenclature fixes
(Permendagri 90/2019): 1.01 pendidikan, 1.02 kesehatan, 1.03 pekerjaan umum dan penataan ruang,
1.04 perumahan rakyat dan kawasan permukiman, 1.05 ketenteraman, ketertiban umum dan pelindungan
masyarakat, 1.06 sosial. An agency serves a sector when its programs in a plan in force carry that
bidang code: derived from the plan, not from a list of agency names (a merged agency such as a Dinas PUPR
serves two sectors, a renamed one keeps its sectors).
"""

from django.db import models
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from kinerja.planning.choices import NodeKind, PeriodStatus
from kinerja.planning.models import PlanNode


class SpmSector(models.TextChoices):
    EDUCATION = "1.01", _("Education")
    HEALTH = "1.02", _("Health")
    PUBLIC_WORKS = "1.03", _("Public works")
    HOUSING = "1.04", _("Housing")
    PUBLIC_ORDER = "1.05", _("Public order and fire")
    SOCIAL = "1.06", _("Social affairs")


def agency_sectors(*, government_id: int) -> dict[int, set[str]]:
    """Return, per agency id, the SPM sectors (bidang codes) its programs in a plan in force belong to (one query)."""
    rows = (
        PlanNode.objects.filter(
            government_id=government_id, kind=NodeKind.PROGRAM, period__status=PeriodStatus.ACTIVE, agency__isnull=False
        )
        .annotate(bidang=Substr("code", 1, 4))
        .order_by()
        .values_list("agency_id", "bidang")
        .distinct()
    )
    sectors: dict[int, set[str]] = {}
    codes = set(SpmSector.values)
    for agency_id, bidang in rows:
        if bidang in codes:
            sectors.setdefault(agency_id, set()).add(bidang)
    return sectors
