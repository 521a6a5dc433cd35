"""ETag and If-None-Match for the API's reads: the tag is a hash of the rendered body, so it changes exactly
when what the user would receive changes (their jurisdiction, their language and the rows alike)."""

import hashlib

from django.utils.cache import get_conditional_response


class ETagMixin:
    """A view mixin: a 200 answer to GET or HEAD gets an ``ETag``; a request whose ``If-None-Match`` names
    it gets an empty 304 instead. Writes never get one, nor the reads a viewset names in ``no_etag_actions``
    (a full NIK: nothing about it may be kept, not even a hash of it)."""

    no_etag_actions: frozenset[str] = frozenset()

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if getattr(self, "action", None) in self.no_etag_actions:
            return response
        response.render()
        etag = f'"{hashlib.sha256(response.content).hexdigest()[:40]}"'
        response["ETag"] = etag
        return get_conditional_response(request, etag=etag, response=response)
