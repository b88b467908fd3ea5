from kinerja.core.selectors import user_summary


def kinerja(request):
    """Expose what the navigation needs: the user's roles and agencies (computed once per request)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"kinerja_user": user_summary(user)}
