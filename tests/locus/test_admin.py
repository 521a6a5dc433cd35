"""The admin of loci and regions: every page a superuser opens; a locus is never added there and the region
tree is read-only."""

import pytest
from django.contrib import admin
from django.urls import reverse

from accounts.choices import Role
from locus.models import Locus, Province, Village
from tests.factories import UserFactory
from tests.locus.factories import LocusFactory

pytestmark = pytest.mark.django_db

LOCUS_MODELS = ("locus", "programmeyear", "segment", "election", "electionindicator", "incidentrecord")
REGION_MODELS = ("province", "regency", "district", "village")


@pytest.fixture
def root(client):
    user = UserFactory(username="root", is_superuser=True, is_staff=True, office=None, role=Role.VIEWER)
    client.force_login(user)
    return user


@pytest.mark.parametrize("model", LOCUS_MODELS + REGION_MODELS)
def test_every_changelist_opens(client, root, model):
    LocusFactory()
    assert client.get(reverse(f"admin:locus_{model}_changelist")).status_code == 200


def test_a_locus_shows_with_its_history_and_none_is_added(client, root):
    locus = LocusFactory()
    assert client.get(reverse("admin:locus_locus_change", args=[locus.pk])).status_code == 200
    assert client.get(reverse("admin:locus_locus_history", args=[locus.pk])).status_code == 200
    assert client.get(reverse("admin:locus_locus_add")).status_code == 403


def test_the_region_tree_is_read_only(client, root, rf):
    request = rf.get("/")
    request.user = root
    for model in (Province, Village):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)
    assert admin.site.is_registered(Locus)
