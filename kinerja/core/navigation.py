"""The main menu, assembled from what each app declares (as NetBox's navigation menu is).

Each app may have a ``navigation.py`` with ``MENU = [...]``: ``MenuItem`` (a link) and ``MenuGroup`` (a
drop-down of links). An item names its URL and a predicate on the signed-in user's ``UserSummary`` (roles,
agencies, rights: see ``kinerja.core.selectors``) deciding whether the user sees it. The menu is ordered by
``weight``, then by the order of ``INSTALLED_APPS``; a group the user sees no item of is left out. An app
adds items to another app's group by declaring a ``MenuGroup`` of the same ``name`` (their items follow).

Core does not import the apps: it finds their modules when the menu is first built, as the dashboards
find the widgets. ``base.html`` renders ``kinerja_menu`` (the context processor builds it lazily, so a page
that does not show the menu pays nothing).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.urls import reverse
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _


def always(summary) -> bool:
    return True


@dataclass(frozen=True)
class MenuItem:
    label: object  # a lazy translation
    url_name: str
    visible: Callable = always  # (UserSummary) -> bool
    args: Callable | None = None  # (UserSummary) -> list of URL arguments
    weight: int = 100
    name: str = ""  # a stable key for tests and the page (e.g. "dashboard")


@dataclass(frozen=True)
class MenuGroup:
    label: object
    items: tuple[MenuItem, ...]
    weight: int = 100
    name: str = ""


@dataclass
class Link:
    """A menu entry resolved for one user: its label, its address and (for a group) its links."""

    name: str
    label: str
    url: str
    children: list["Link"] = field(default_factory=list)


_MENU: list | None = None


def registered() -> list:
    """Every app's ``MENU`` entries, by weight then app order (collected once)."""
    global _MENU
    if _MENU is None:
        entries = []
        for position, app_config in enumerate(apps.get_app_configs()):
            if module_has_submodule(app_config.module, "navigation"):
                module = import_module(f"{app_config.name}.navigation")
                entries += [(entry.weight, position, index, entry) for index, entry in enumerate(module.MENU)]
        _MENU = [entry for *_key, entry in sorted(entries, key=lambda e: e[:3])]
    return _MENU


def _link(item: MenuItem, summary) -> Link | None:
    if not item.visible(summary):
        return None
    args = item.args(summary) if item.args else ()
    return Link(item.name or item.url_name, str(item.label), reverse(item.url_name, args=args))


def menu_for(summary) -> list[Link]:
    """The links ``summary``'s user sees, in order; groups carry their visible links as children."""
    links = []
    groups: dict[str, Link] = {}
    for entry in registered():
        if isinstance(entry, MenuGroup):
            children = [link for item in entry.items if (link := _link(item, summary))]
            if entry.name in groups:  # another app adds to a group by its name (the portal to System)
                groups[entry.name].children += children
            elif children:
                groups[entry.name] = Link(entry.name, str(entry.label), children[0].url, children)
                links.append(groups[entry.name])
        elif link := _link(entry, summary):
            links.append(link)
    return links


# Core's own entries (this module is core's navigation.py too).
def _reads_audit(summary) -> bool:
    return summary.can_read_audit


def _manages_users(summary) -> bool:
    return summary.can_manage_users


MENU = [
    MenuGroup(
        _("System"),
        (
            MenuItem(_("Audit trail"), "core:audit_list", _reads_audit, name="audit"),
            MenuItem(_("Users"), "core:user_list", _manages_users, name="users"),
            MenuItem("API", "api:docs", name="api"),
        ),
        weight=900,
        name="system",
    )
]
