from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kinerja.core"
    label = "core"
    verbose_name = _("Organisation and access")

    def ready(self) -> None:
        from kinerja.core import audit, links  # noqa: F401  (links registers the PUBLIC_BASE_URL check)

        audit.connect_signals()
        from django.conf import settings
        from PIL import Image

        # Pillow refuses images above twice this number of pixels wherever it is used (DRF's ImageField too).
        Image.MAX_IMAGE_PIXELS = settings.IMAGE_MAX_PIXELS
        from kinerja.core import memory

        memory.connect()
