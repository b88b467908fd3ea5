from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    NATIONAL = "national", _("National strategic project (PSN)")
    REGIONAL = "regional", _("Regional priority project")
    REGULAR = "regular", _("Regular project")


class Sector(models.TextChoices):
    # Values from the OC4IDS projectSector codelist, so that the export needs no mapping.
    TRANSPORT = "transport", _("Transport")
    WATER = "water", _("Water and irrigation")
    ENERGY = "energy", _("Energy")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    HOUSING = "socialHousing", _("Housing")
    WASTE = "waste", _("Waste")
    COMMUNICATIONS = "communications", _("Communications")
    ECONOMY = "economy", _("Industry and economy")
    GOVERNANCE = "governance", _("Government and public services")


class Phase(models.TextChoices):
    # The OC4IDS projectStatus codelist.
    IDENTIFICATION = "identification", _("Identification")
    PREPARATION = "preparation", _("Preparation")
    IMPLEMENTATION = "implementation", _("Implementation")
    COMPLETION = "completion", _("Completion")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Health(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    WARNING = "warning", _("Warning")
    CRITICAL = "critical", _("Critical")
    NO_REPORT = "no_report", _("No progress report")
    NOT_STARTED = "not_started", _("Not started")
    CLOSED = "closed", _("Completed or cancelled")


# Order of urgency on the leadership view: the critical ones first.
HEALTH_ORDER = [Health.CRITICAL, Health.WARNING, Health.NO_REPORT, Health.ON_TRACK, Health.NOT_STARTED, Health.CLOSED]


class FundingSource(models.TextChoices):
    APBN = "apbn", _("APBN (state budget)")
    APBD_PROVINCE = "apbd_province", _("APBD of the province")
    APBD_REGENCY = "apbd_regency", _("APBD of a regency or city")
    BUMN = "bumn", _("BUMN (state-owned enterprise)")
    BUMD = "bumd", _("BUMD (regional enterprise)")
    PRIVATE = "private", _("Private / KPBU (PPP)")
    OTHER = "other", _("Other")


class ObstacleCategory(models.TextChoices):
    LAND = "land", _("Land acquisition")
    PERMITS = "permits", _("Permits")
    BUDGET = "budget", _("Budget")
    PROCUREMENT = "procurement", _("Procurement")
    COORDINATION = "coordination", _("Coordination between agencies")
    REGULATION = "regulation", _("Regulation")
    TECHNICAL = "technical", _("Technical")
    SOCIAL = "social", _("Social")
    WEATHER = "weather", _("Weather")


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class ObstacleStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")


class Escalation(models.IntegerChoices):
    AGENCY = 1, _("Agency")
    SEKDA = 2, _("Regional secretary (Sekda)")
    GOVERNOR = 3, _("Governor")
    CENTRAL = 4, _("Central government")


class DirectiveStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not yet followed up")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CONTINUING = "continuing", _("Done and continuing")


DIRECTIVE_FINISHED = frozenset({DirectiveStatus.DONE, DirectiveStatus.CONTINUING})
