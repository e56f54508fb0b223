import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "article3.settings")
application = get_wsgi_application()

from article3.warmup import warm  # noqa: E402 (needs the settings above)

warm()
