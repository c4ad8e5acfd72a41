from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import JavaScriptCatalog, set_language

from yangguang.api.urls import api
from yangguang.core import views as core_views
from yangguang.portal import views as portal_views

urlpatterns = [
    # The public front door for a visitor, the workbench once signed in (portal.views.root).
    path("", portal_views.root, name="home"),
    # The public site first: a visitor's URL is matched before the staff apps' patterns are tried.
    path("public/", include("yangguang.portal.urls")),
    path("metrics/", portal_views.metrics, name="metrics"),
    path("healthz", core_views.healthz, name="healthz"),
    path("bench/bare", core_views.bare_json, name="bare_json"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The language switch takes no CSRF token: a visitor's pages carry none (core.context `lean`),
    # and the worst a forged post can do is change the language a page is shown in.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("orgs/", include("yangguang.orgs.urls")),
    path("workdays/", include("yangguang.workdays.urls")),
    path("services/", include("yangguang.services.urls")),
    path("disclosure/", include("yangguang.disclosure.urls")),
    path("supervision/", include("yangguang.supervision.urls")),
    path("contests/", include("yangguang.contests.urls")),
    path("exams/", include("yangguang.exams.urls")),
    path("jobs/", include("yangguang.core.jobs_urls")),
    path("media/<path:path>", core_views.media, name="media"),
]

handler403 = "yangguang.core.views.forbidden"
handler404 = "yangguang.core.views.not_found"
handler500 = "yangguang.core.views.server_error"

admin.site.site_header = "阳光政务 Yangguang"
admin.site.site_title = "阳光政务"
