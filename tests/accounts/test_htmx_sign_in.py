"""An HTMX request that meets a sign-in step sends the whole page there (``HtmxSignInMiddleware``).

Every fragment the pages fetch with HTMX (search suggestions, the proposal form's villages, the meeting
calendar's months, the report form's fields, the NIK reveal) answers a request whose session has ended with
``HX-Redirect`` to the login, ``next`` being the page the user is on; without HTMX it is the usual redirect.
A user who still owes the second sign-in step is sent to it the same way.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.two_factor import authenticator

LOGIN = reverse("accounts:login")
VERIFY = reverse("accounts:two_factor_verify")
PAGE = "/wilayah/kecamatan/18.06.11/"
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": f"http://testserver{PAGE}"}

# (method, URL name, kwargs, data): each fragment an HTMX attribute in the templates fetches.
FRAGMENTS = [
    ("get", "locus:region_suggest", {}, {"q": "kasih"}),
    ("get", "locus:village_options", {}, {"q": "sukamaju"}),
    ("get", "activities:meeting_calendar", {}, {"bulan": "2021-07"}),
    ("get", "reports:job_list", {}, {"jenis": "recap", "tahun": "2021", "muat_ulang": "1"}),
    ("post", "cadre:cadre_reveal_nik", {"pk": 1}, {"reason": "Pencocokan KTP-el untuk SK"}),
]


@pytest.mark.parametrize(("method", "name", "kwargs", "data"), FRAGMENTS, ids=[f[1] for f in FRAGMENTS])
def test_a_fragment_after_the_session_ended_sends_the_page_to_the_login(
    client, db, method, name, kwargs, data
):
    url = reverse(name, kwargs=kwargs)
    response = getattr(client, method)(url, data, **HTMX)
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"{LOGIN}?next={PAGE}"
    assert response.content == b""
    # Without HTMX it is the usual redirect to the login, back to the URL asked for.
    plain = getattr(client, method)(url, data)
    assert plain.status_code == 302 and plain.url.startswith(f"{LOGIN}?next=")
    assert "HX-Redirect" not in plain


def test_the_page_to_come_back_to_is_never_another_sites(client, db):
    response = client.get(
        reverse("locus:region_suggest"),
        {"q": "kasih"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="https://elsewhere.example/wilayah/",
    )
    assert response["HX-Redirect"] == LOGIN


def test_a_fragment_before_the_second_step_sends_the_page_to_it(password_client, world):
    user = world.users["lampung_admin"]
    authenticator(user)
    password_client.force_login(user)
    response = password_client.get(reverse("activities:meeting_calendar"), {"bulan": "2021-07"}, **HTMX)
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"{VERIFY}?next={PAGE}"
    response = password_client.post(reverse("cadre:cadre_reveal_nik", args=[1]), {"reason": "x"}, **HTMX)
    assert response["HX-Redirect"] == f"{VERIFY}?next={PAGE}"


def test_a_signed_in_user_gets_the_fragment_and_a_refusal_stays_a_refusal(client, world):
    client.force_login(world.users["tanggamus_staff"])
    response = client.get(reverse("locus:region_suggest"), {"q": "kasih"}, **HTMX)
    assert response.status_code == 200 and "HX-Redirect" not in response
    client.force_login(world.users["tanggamus_viewer"])  # may not propose a locus
    response = client.get(reverse("locus:village_options"), {"q": "sukamaju"}, **HTMX)
    assert response.status_code == 403 and "HX-Redirect" not in response
