"""The write registry: for every URL pattern of the project that accepts POST, a valid form posted by a user
allowed to, and a check that the change landed (a row created, changed or deleted, a file stored or sent back,
a mail in the outbox, a session signed in or out).

The access table (tests/access/) says who is refused; this says that the allowed user's valid POST works.
Each app has a module here with ``WRITES: dict[str, Write | tuple[Write, ...]]`` keyed by URL name (several
Writes, each with a ``label``, for one URL that takes several forms, e.g. each step of a locus), and may
declare ``NOT_WRITES: dict[str, str]``: URL names (or a namespace wildcard, ``"admin:*"``) that accept POST
but are left out, each with the reason. ``tests/test_write_paths.py`` walks every URL pattern, fails when one
that accepts POST is in neither, then runs every Write on a fresh test world (tests/factories.py).

A Write names its ``actor`` (tests/factories.py ACTORS), builds the objects of its URL with ``kwargs`` (the
access table's builders where they fit), gives the form's ``data`` (or a whole ``submit`` for several steps:
upload, preview, confirm) and ``check``s the database, the files or the answer afterwards.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import World
from tests.form_data import page_data


@dataclass
class Call:
    """One Write being run: the signed-in client, the world, the actor, the URL and its kwargs, and the
    on-commit callbacks of the POST (captured, not run: ``commit()`` runs them, e.g. to delete files)."""

    client: Client
    world: World
    user: object
    url: str
    kwargs: dict
    callbacks: list = field(default_factory=list)

    def get(self, url: str | None = None, **extra) -> HttpResponse:
        return self.client.get(url or self.url, **extra)

    def post(self, data: dict | None = None, url: str | None = None, **extra) -> HttpResponse:
        return self.client.post(url or self.url, data or {}, **extra)

    def page(self, url: str | None = None, *, form: str = "form", formsets: str | None = None) -> dict:
        """What the browser would post back of the page's form as it stands."""
        response = self.get(url)
        assert response.status_code == 200, f"GET {url or self.url}: {response.status_code}"
        return page_data(response.context, form, formsets)

    def commit(self) -> None:
        for callback in self.callbacks:
            callback()


@dataclass(frozen=True)
class Write:
    actor: str
    check: Callable[[Call, HttpResponse], object]
    data: Callable[[Call], dict] | None = None
    submit: Callable[[Call], HttpResponse] | None = None
    kwargs: Callable[[World], dict] | None = None
    status: int = 302
    label: str = ""
    # Sign in with the password only: the session stops at the second step (the two-factor pages).
    password_only: bool = False

    def run(self, call: Call) -> HttpResponse:
        if self.submit is not None:
            return self.submit(call)
        return call.post(self.data(call) if self.data else {})


# --- data builders ----------


def edit(changes: dict | None = None, *, formsets: str | None = None, **more) -> Callable[[Call], dict]:
    """The page's form as it stands, with what the user changes."""
    return lambda call: {**call.page(formsets=formsets), **(changes or {}), **more}


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type)


def import_file(name: str, content: Callable[[Call], bytes], **fields) -> Callable[[Call], HttpResponse]:
    """The three steps of a spreadsheet import: upload the file, read its preview (a dry run that must be
    clean), confirm it. ``fields``: the upload form's other fields, as values or builders of ``call``."""

    def submit(call: Call) -> HttpResponse:
        values = {key: value(call) if callable(value) else value for key, value in fields.items()}
        uploaded = call.post({"langkah": "unggah", "berkas": upload(name, content(call)), **values})
        assert uploaded.status_code == 302, uploaded.context and uploaded.context["form"].errors
        preview = call.get()
        outcome = preview.context["outcome"]
        assert outcome.ok, [str(error) for error in outcome.errors]
        token = preview.context["confirm_form"].initial["berkas_id"]
        return call.post({"langkah": "impor", "berkas_id": token})

    return submit


# --- the URL patterns that accept POST ----------


def url_patterns(resolver: URLResolver | None = None, namespace: str = "") -> list[tuple[str, URLPattern]]:
    """(full name, pattern) for every pattern, following includes; unnamed ones as the access table names
    them (tests/test_access.py)."""
    resolver = resolver or get_resolver()
    found = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found.extend(url_patterns(pattern, inner))
        elif isinstance(pattern, URLPattern):
            found.append((f"{namespace}{pattern.name or f'<unnamed: {pattern.pattern}>'}", pattern))
    return found


def accepts_post(pattern: URLPattern) -> bool:
    """Whether the pattern's view answers POST with anything but 405.

    A class-based view: ``post`` among its ``http_method_names`` and a ``post`` method (FormView, UpdateView,
    DeleteView... all have one). A DRF view: its viewset's actions or its ``post``. A function view cannot
    be inspected (``require_POST`` and ``require_GET`` leave no trace on it): it counts as accepting POST, so
    it has to be declared one way or the other."""
    callback = pattern.callback
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return "post" in view_class.http_method_names and callable(getattr(view_class, "post", None))
    drf_class = getattr(callback, "cls", None)
    if drf_class is not None:
        actions = getattr(callback, "actions", None)
        return "post" in actions if actions is not None else callable(getattr(drf_class, "post", None))
    return True


# --- the registry ----------


def _modules():
    for module_info in pkgutil.iter_modules(__path__):
        yield importlib.import_module(f"{__name__}.{module_info.name}")


def registry() -> tuple[dict[str, tuple[Write, ...]], dict[str, str]]:
    """(every module's WRITES with each value as a tuple, every module's NOT_WRITES)."""
    writes: dict[str, tuple[Write, ...]] = {}
    left_out: dict[str, str] = {}
    for module in _modules():
        for name, entry in getattr(module, "WRITES", {}).items():
            assert name not in writes, f"{name} is declared twice in tests/write_paths/"
            entries = entry if isinstance(entry, tuple) else (entry,)
            labels = [write.label for write in entries]
            assert len(set(labels)) == len(labels), f"{name}: give each of its Writes its own label"
            writes[name] = entries
        for name, reason in getattr(module, "NOT_WRITES", {}).items():
            assert reason.strip(), f"{name}: say why it is left out"
            left_out[name] = reason
    return writes, left_out


def left_out_reason(name: str, left_out: dict[str, str]) -> str | None:
    if name in left_out:
        return left_out[name]
    for key, reason in left_out.items():
        if key.endswith(":*") and name.startswith(key[:-1]):
            return reason
    return None
