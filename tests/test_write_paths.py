"""Every write path exercised: each URL pattern that accepts POST has an entry in tests/write_paths/, and each
entry's valid form, posted by a user allowed to, answers as it should and changes what it should. A new
write view without such an entry fails here. (Who is refused is the access table's: tests/test_access.py.)"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.write_paths import Call, accepts_post, left_out_reason, registry, url_patterns

WRITES, LEFT_OUT = registry()
CASES = [
    pytest.param(name, write, id=f"{name}[{write.label}]" if write.label else name)
    for name, entries in sorted(WRITES.items())
    for write in entries
]


def test_every_url_accepting_post_has_a_write_test():
    missing = sorted(
        name
        for name, pattern in url_patterns()
        if accepts_post(pattern) and name not in WRITES and left_out_reason(name, LEFT_OUT) is None
    )
    assert not missing, (
        "URLs that accept POST without a valid POST in tests/write_paths/ (or a reason in NOT_WRITES): "
        + ", ".join(missing)
    )


def test_the_write_registry_has_no_stale_entries():
    posting = {name for name, pattern in url_patterns() if accepts_post(pattern)}
    stale = sorted(set(WRITES) - posting)
    assert not stale, f"entries for URLs that do not exist or do not accept POST: {stale}"
    names = {name for name, _pattern in url_patterns()}
    unused = [
        key
        for key in LEFT_OUT
        if not any(name == key or (key.endswith(":*") and name.startswith(key[:-1])) for name in names)
    ]
    assert not unused, f"NOT_WRITES entries for URLs that do not exist: {unused}"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _form_errors(response) -> str:
    context = getattr(response, "context", None)
    if not context:
        return ""
    errors = [
        f"{key}: {context[key].errors.as_json()}"
        for key in ("form", "confirm_form")
        if key in context and getattr(context[key], "errors", None)
    ]
    return "; ".join(errors)


@pytest.mark.parametrize(("name", "write"), CASES)
def test_a_valid_post_lands(client, world, name, write, django_capture_on_commit_callbacks):
    kwargs = write.kwargs(world) if write.kwargs else {}
    url = reverse(name, kwargs=kwargs or None)
    user = world.users.get(write.actor)
    assert user is not None or write.actor == "anonymous", f"{name}: unknown actor {write.actor}"
    if user is not None and write.password_only:
        Client.force_login(client, user)  # the password step only: the session waits for the code
    elif user is not None:
        client.force_login(user)
    call = Call(client=client, world=world, user=user, url=url, kwargs=kwargs)
    with django_capture_on_commit_callbacks() as callbacks:
        response = write.run(call)
    call.callbacks = callbacks
    assert response.status_code == write.status, (
        f"{name} {url} as {write.actor}: {response.status_code} (expected {write.status}) "
        f"{_form_errors(response)}"
    )
    write.check(call, response)
