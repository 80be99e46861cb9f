"""One error format for the whole API: {"error": {"status", "code", "message", "fields"}}."""

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from config.parsers import RequestTooLarge


def _first_message(detail) -> str:
    if isinstance(detail, list) and detail:
        return _first_message(detail[0])
    if isinstance(detail, dict) and detail:
        key, value = next(iter(detail.items()))
        message = _first_message(value)
        return message if key == "non_field_errors" else f"{key}: {message}"
    return str(detail)


def exception_handler(exc, context):
    # DRF answers Django's own 404 and 403 too; describe them as the API exceptions they become.
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):  # over DATA_UPLOAD_MAX_MEMORY_SIZE
        exc = RequestTooLarge()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = exc.detail if isinstance(exc, exceptions.APIException) else response.data
    codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
    body = {
        "status": response.status_code,
        "code": codes if isinstance(codes, str) else getattr(exc, "default_code", "invalid"),
        "message": _first_message(detail),
    }
    if isinstance(detail, dict):
        body["fields"] = detail
    response.data = {"error": body}
    return response
