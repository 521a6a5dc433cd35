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

LOCUS_MODELS = (
    "locus",
    "programmeyear",
    "segment",
    "election",
    "electionindicator",
    "incidentrecord",
    "villageresult",
    "resultsimportjob",
)
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
    admin.autodiscover()  # the admin modules load with the URLconf (dp3/apps.py): this test needs no URL
    request = rf.get("/")
    request.user = root
    for model in (Province, Village):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)
    assert admin.site.is_registered(Locus)


def test_results_and_their_imports_are_shown_read_only(client, root):
    from locus.models import ResultsImportJob, VillageResult
    from tests.locus.factories import VillageResultFactory

    result = VillageResultFactory(illustrative=True)
    job = ResultsImportJob.objects.create(
        election_id="pemilu-2024", uploaded_by=root, filename="hasil-tps.csv"
    )
    assert result.village_id in client.get(reverse("admin:locus_villageresult_changelist")).content.decode()
    assert "hasil-tps.csv" in client.get(reverse("admin:locus_resultsimportjob_changelist")).content.decode()
    for model, pk in (("villageresult", result.pk), ("resultsimportjob", job.pk)):
        assert client.get(reverse(f"admin:locus_{model}_change", args=[pk])).status_code == 200
        assert client.get(reverse(f"admin:locus_{model}_add")).status_code == 403
    assert not admin.site._registry[VillageResult].has_change_permission(None, result)
