"""The OpenAPI schema documents the errors each operation can answer, not only its success.

``AutoSchema`` (REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]) adds to every operation the error responses it can
give, all in the one error shape of ``kinerja.core.api.exceptions`` (the ``Error`` component):

- 400 when it takes input (parameters or a body): malformed or invalid values;
- 401 when it reads credentials (a token, a session, a kiosk key): missing, wrong or expired;
- 403 always: the role does not allow it (and a session's write without its CSRF token);
- 404 when it names a record in the path (unknown, or out of the caller's scope) or lists in pages (a page
  past the end); any other unknown address under /api/ answers 404 in the same shape too;
- 409 for a write that can meet a newer version of the record or a conflicting one;
- 415 when it takes a body: a media type it does not read;
- 429 when it is rate limited.

``kinerja/tests/test_api_schema.py`` checks with generated requests that every status code an operation
answers is documented here.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework.permissions import AllowAny

ERROR_SCHEMA = {
    "type": "object",
    "description": "An error: a message for people, and details for programs.",
    "properties": {
        "message": {"type": "string", "description": "What went wrong, in the language of the request."},
        "extra": {
            "type": "object",
            "description": "Details: the invalid fields (400) or the record as it is now (409).",
            "properties": {
                "fields": {
                    "type": "object",
                    "description": "For each invalid field (or parameter), its messages.",
                    "additionalProperties": {},
                },
                "current": {"description": "409: the record as it is now, with its current version."},
            },
        },
    },
    "required": ["message", "extra"],
}

DESCRIPTIONS = {
    400: _("The request is not valid: a parameter or a field is malformed or out of range (see extra.fields)."),
    401: _("No valid credentials: the token or kiosk key is missing, wrong, expired or revoked."),
    403: _("Not allowed: the role (or a missing CSRF token on a session) does not allow this."),
    404: _("Not found: no such record, it is outside the caller's scope, or the page is past the end."),
    409: _("Conflict: the record changed since it was read (extra.current has it now), or another record conflicts."),
    415: _("The body is in a media type this operation does not read."),
    429: _("Too many requests: wait for the time the Retry-After header gives."),
}

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


class AutoSchema(SpectacularAutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        component = ResolvedComponent(name="Error", type=ResolvedComponent.SCHEMA, object="Error", schema=ERROR_SCHEMA)
        self.registry.register_on_missing(component)
        responses = operation["responses"]
        for code in self.error_codes(operation):
            responses.setdefault(
                str(code),
                {"description": str(DESCRIPTIONS[code]), "content": {"application/json": {"schema": component.ref}}},
            )
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def error_codes(self, operation) -> list[int]:
        """The error statuses this operation can answer (see the module's docstring)."""
        parameters = operation.get("parameters", [])
        has_body = "requestBody" in operation
        in_path = any(parameter["in"] == "path" for parameter in parameters)
        paged = any(parameter["in"] == "query" and parameter["name"] == "page" for parameter in parameters)
        open_to_all = all(isinstance(permission, AllowAny) for permission in self.view.get_permissions())
        codes = [403]
        if parameters or has_body:
            codes.append(400)
        if self.view.get_authenticators():
            codes.append(401)
        if in_path or paged:
            codes.append(404)
        if self.method in UNSAFE and not open_to_all:
            codes.append(409)
        if has_body:
            codes.append(415)
        if self.view.get_throttles():
            codes.append(429)
        return sorted(codes)
