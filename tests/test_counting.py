"""``kernel.counting.count_each``: several scoped counts in one query, equal to counting each alone; and the
home page's office overview that uses it."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from accounts.selectors import office_overview
from kernel.counting import count_each
from locus.models import District, Province, Regency, Village


def _tree(user):
    return {
        "provinces": Province.objects.current().restrict(user),
        "regencies": Regency.objects.current().restrict(user),
        "districts": District.objects.current().restrict(user),
        "villages": Village.objects.current().restrict(user),
        "admins": User.objects.restrict(user, "manage").filter(is_active=True, role="admin"),
    }


def test_each_count_equals_counting_alone_in_one_query(world):
    for name in ("national_admin", "lampung_admin", "tanggamus_viewer", "flotim_admin"):
        user = world.users[name]
        alone = {key: queryset.count() for key, queryset in _tree(user).items()}
        with CaptureQueriesContext(connection) as queries:
            together = count_each(**_tree(user))
        assert together == alone, name
        assert len(queries) <= 1
    one = Village.objects.order_by("code").first()
    assert count_each(villages=Village.objects.filter(code=one.code)) == {"villages": 1}


def test_empty_querysets_count_zero_without_a_query(world):
    with CaptureQueriesContext(connection) as queries:
        counts = count_each(provinces=Province.objects.none(), villages=Village.objects.filter(pk__in=[]))
    assert counts == {"provinces": 0, "villages": 0}
    assert len(queries) == 0
    assert count_each() == {}


def test_office_overview_of_a_regency(world):
    user = world.users["tanggamus_viewer"]
    overview = office_overview(user=user)
    assert (overview.provinces, overview.regencies) == (0, 1)
    assert overview.districts == District.objects.filter(regency=world.tanggamus).count()
    assert overview.villages == Village.objects.filter(district__regency=world.tanggamus).count() > 0
    assert overview.users is None  # not an administrator
    admin = office_overview(user=world.users["tanggamus_admin"])
    assert (
        admin.users
        == User.objects.restrict(world.users["tanggamus_admin"], "manage").filter(is_active=True).count()
    )


def test_the_signed_in_user_comes_with_its_office_and_region(client, world):
    client.force_login(world.users["tanggamus_viewer"])
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("home"))
    tables = " ".join(q["sql"] for q in queries.captured_queries[:2])
    assert "accounts_office" in tables and "locus_regency" in tables  # joined to the user's query
    assert not any(q["sql"].startswith('SELECT "accounts_office"') for q in queries.captured_queries)
