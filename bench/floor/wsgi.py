import os

from django.core.wsgi import get_wsgi_application

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.floor.settings"  # never the project's, whatever the caller set
application = get_wsgi_application()
