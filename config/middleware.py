from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponseBadRequest, JsonResponse

DOC_PAGES = ("/api/docs/",)


class PagesLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Every page needs a logged-in user.

    DRF marks its views login_not_required so that the API answers 401 in its own error format
    (tokens are checked inside the view). The interactive API docs are pages for people, though:
    send them to the login page like any other page.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith(DOC_PAGES) and not request.user.is_authenticated:
            return self.handle_no_permission(request, view_func)
        return super().process_view(request, view_func, view_args, view_kwargs)


# No inline script, no remote origin. Inline style attributes stay allowed (progress bars); data:
# images are harmless and used by the admin site's icons.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    """A Content-Security-Policy on every answer (X-Content-Type-Options and Referrer-Policy come
    from Django's SecurityMiddleware, X-Frame-Options from its clickjacking middleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response


class RejectNulMiddleware:
    """A NUL character in a URL, query string or form field is never meaningful and PostgreSQL
    refuses it in text: answer 400 before any view sees it, rather than a 500 from the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            in_form = self._in_form(request)
        except RequestDataTooBig:  # over DATA_UPLOAD_MAX_MEMORY_SIZE
            return self._refuse(request, 413, "too_large", "The request body is too large.")
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", "") or in_form:
            return self._refuse(request, 400, "invalid", "NUL characters are not allowed.")
        return self.get_response(request)

    @staticmethod
    def _refuse(request, status: int, code: str, message: str):
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"error": {"status": status, "code": code, "message": message}}, status=status
            )
        return HttpResponseBadRequest(message, status=status)

    @staticmethod
    def _in_form(request) -> bool:
        if request.method != "POST" or request.content_type != "application/x-www-form-urlencoded":
            return False
        return any("\x00" in value for values in request.POST.lists() for value in values[1])
