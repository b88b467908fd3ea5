from django.utils.functional import SimpleLazyObject

from kinerja.core.navigation import menu_for
from kinerja.core.selectors import user_summary


def kinerja(request):
    """Expose what the navigation needs: the user's roles and agencies (computed once per request) and the
    main menu (built only when a page renders it)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    summary = user_summary(user)
    return {"kinerja_user": summary, "kinerja_menu": SimpleLazyObject(lambda: menu_for(summary))}
