"""What keeps the list pages light at national scale: the "Lokus" filter offers the loci of one regency
(not the country's 5,000), the cadre list's per-locus overview waits for a regency above the regency level,
and the long selects are written without a template per option (``kernel.widgets.PlainSelect``)."""

from __future__ import annotations

import re

from django import forms
from django.urls import reverse

from kernel.widgets import PlainSelect
from locus.selectors.loci import locus_filter_choices
from tests.locus.factories import LocusFactory


def _lokus_options(html: str) -> list[str]:
    select = re.search(r'<select name="lokus".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="(\d+)"', select)


def test_locus_choices_wait_for_a_regency_above_the_regency_level(world):
    locus = LocusFactory(village=world.gunung_kasih)
    national, regency = world.users["national_viewer"], world.users["tanggamus_viewer"]
    loci, waiting = locus_filter_choices(user=national, year=2021)
    assert waiting and list(loci) == []
    loci, waiting = locus_filter_choices(user=national, year=2021, regency="18.06")
    assert not waiting and list(loci) == [locus]
    # A link naming a locus keeps it choosable (and valid) without the regency.
    loci, waiting = locus_filter_choices(user=national, year=2021, chosen=str(locus.pk))
    assert waiting and list(loci) == [locus]
    loci, waiting = locus_filter_choices(user=regency, year=2021)
    assert not waiting and list(loci) == [locus]
    # Never beyond the jurisdiction, whatever the query names.
    assert (
        list(locus_filter_choices(user=world.users["flotim_admin"], year=2021, chosen=str(locus.pk))[0]) == []
    )


def test_list_pages_offer_the_loci_of_the_chosen_regency(client, world):
    locus = LocusFactory(village=world.gunung_kasih)
    client.force_login(world.users["national_viewer"])
    for name in ("cadre:cadre_list", "activities:training_list", "activities:activity_list"):
        html = client.get(reverse(name), {"tahun": 2021}).content.decode()
        assert _lokus_options(html) == [], name
        assert "pilih kabupaten/kota untuk memilih lokus" in html, name
        html = client.get(reverse(name), {"tahun": 2021, "kabupaten": "18.06"}).content.decode()
        assert _lokus_options(html) == [str(locus.pk)], name
        response = client.get(reverse(name), {"tahun": 2021, "lokus": locus.pk})
        assert response.context["filter"].is_valid(), name


def test_cadre_overview_waits_for_a_regency_above_the_regency_level(client, world):
    LocusFactory(village=world.gunung_kasih)
    client.force_login(world.users["lampung_viewer"])
    response = client.get(reverse("cadre:cadre_list"), {"tahun": 2021})
    assert response.context["overview"] is None and "overview-waits" in response.content.decode()
    response = client.get(reverse("cadre:cadre_list"), {"tahun": 2021, "kabupaten": "18.06"})
    assert [row.locus.village_id for row in response.context["overview"]] == [world.gunung_kasih.code]
    client.force_login(world.users["tanggamus_viewer"])
    response = client.get(reverse("cadre:cadre_list"), {"tahun": 2021})
    assert len(response.context["overview"]) == 1


def test_plain_select_writes_what_django_select_writes():
    choices = [("", "Semua"), ("18.06", "Kabupaten Tanggamus"), ("53.06", 'Flores "Timur" <&>')]
    grouped = [("Lampung", [("18.06", "Tanggamus")]), ("NTT", [("53.06", "Flores Timur")])]
    for options, value in ((choices, "53.06"), (choices, None), (grouped, "18.06")):
        attrs = {"class": "form-select form-select-sm", "id": "id_kabupaten", "required": True}
        plain = PlainSelect(choices=options).render("kabupaten", value, attrs=attrs)
        django = forms.Select(choices=options).render("kabupaten", value, attrs=attrs)
        assert re.sub(r">\s+<", "><", str(django)) == str(plain)
