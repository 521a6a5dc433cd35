"""The roster import's upload form (the imports' shared one) asks for the programme year and the locus before
the file; the loci import's asks for the file alone."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_roster_upload_asks_year_and_locus_the_loci_upload_the_file_alone(client, world):
    client.force_login(world.users["tanggamus_admin"])
    body = client.get(reverse("cadre:cadre_import")).content.decode()
    assert 'name="tahun"' in body and 'name="lokus"' in body and 'name="berkas"' in body
    assert body.index('name="tahun"') < body.index('name="berkas"')
    client.force_login(world.users["lampung_admin"])
    body = client.get(reverse("locus:locus_import")).content.decode()
    assert 'name="berkas"' in body and 'name="tahun"' not in body
