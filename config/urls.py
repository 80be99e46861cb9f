from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, JsonResponse
from django.urls import include, path
from django.views import defaults
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from catalog.extensions import page_urls
from catalog.forms import AdminLoginForm, LoginForm

admin.site.login_form = AdminLoginForm  # the admin site's log-in is throttled and says so too


@login_not_required
def favicon(request):
    return FileResponse(
        open(settings.BASE_DIR / "static" / "favicon.svg", "rb"), content_type="image/svg+xml"
    )


def not_found(request, exception):
    """A path under /api/ that no route matches answers in the API's error format, like an unknown
    object does; other paths get the site's 404 page."""
    if request.path.startswith("/api/"):
        body = {"status": 404, "code": "not_found", "message": "No such API route."}
        return JsonResponse({"error": body}, status=404)
    return defaults.page_not_found(request, exception)


handler404 = "config.urls.not_found"


@login_not_required
def healthz(request):
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file: no inline script, so the page keeps the
    # site's Content-Security-Policy; the Swagger UI itself comes from the sidecar's static files.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", include("config.api_urls")),
    # Pages of the apps built on the catalog, as they registered them (catalog.extensions).
    *(path(prefix, include(urlconf)) for prefix, urlconf in page_urls().items()),
    path("", include("catalog.urls")),
]
