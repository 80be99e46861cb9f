from django.contrib.auth.middleware import LoginRequiredMiddleware

DOC_PAGES = ("/api/docs/", "/api/redoc/")


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
