from django.db import models
from django.utils.translation import gettext_lazy as _


class GovernmentKind(models.TextChoices):
    PROVINCE = "province", _("Province")
    REGENCY = "regency", _("Regency")
    CITY = "city", _("City")


class RegionKind(models.TextChoices):
    REGENCY = "kabupaten", _("Regency (kabupaten)")
    CITY = "kota", _("City (kota)")


class AgencyKind(models.TextChoices):
    DINAS = "dinas", _("Office (dinas)")
    BADAN = "badan", _("Agency (badan)")
    BIRO = "biro", _("Bureau (biro)")
    INSPEKTORAT = "inspektorat", _("Inspectorate")
    SEKRETARIAT = "sekretariat", _("Secretariat")
    SATUAN = "satuan", _("Unit (satuan)")
    OTHER = "other", _("Other")


class ServiceUnitKind(models.TextChoices):
    HOSPITAL = "hospital", _("Hospital")
    HEALTH_CENTER = "health_center", _("Health centre")
    SCHOOL_OFFICE = "school_office", _("Education service office")
    LICENSING = "licensing", _("Licensing service")
    POPULATION = "population", _("Population and civil registry")
    TRANSPORT = "transport", _("Transport service")
    OTHER = "other", _("Other")


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    PLANNER = "planner", _("Planner (Bappeda)")
    AGENCY_HEAD = "agency_head", _("Agency head")
    OPERATOR = "operator", _("Operator")
    INSPECTOR = "inspector", _("Inspector")
    SERVICE_QUALITY = "service_quality", _("Service quality (Biro Organisasi)")
    LEADER = "leader", _("Leader")
    # Badan Riset dan Inovasi Daerah: reviews the innovations of every agency and reads what that needs.
    BRIDA = "brida", _("Innovation reviewer (BRIDA)")


# Roles whose scope is one agency (and the bureaus under it); every other role covers its whole government.
AGENCY_ROLES = frozenset({Role.AGENCY_HEAD, Role.OPERATOR})
