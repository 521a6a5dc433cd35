"""The access crawler: what one regency's user can reach, nobody of another regency or province can open,
and no name or NIK of the first regency's cadres appears anywhere the others can reach.

Data: the demo (``seed_demo``: Tanggamus with full rosters, meetings, trainings, activities, evaluations;
Flores Timur and the other demo provinces), a second Lampung regency (Lampung Selatan) with a locus and
a cadre of its own, and report jobs with their files for each user (roster XLSX and CSV, locus profile
PDF, recap PDF), built by the real builders.

1. As KPU Kabupaten Tanggamus, crawl breadth-first from the home page: every same-site ``<a href>``,
   ``hx-get``, and every form with method GET (submitted with its default values), downloads included.
   Every page whose URL names an object (a pk or a code in the path) is collected.
2. Each collected object URL is requested as KPU Kabupaten Lampung Selatan (same province) and KPU
   Provinsi NTT (another province): it must be 403 or 404 — never 200, never a redirect (they are logged
   in). Public reference pages (the region tree, programme years) are the only exception, by design.
3. As each of the two, crawl everything they can reach the same way, read every download (XLSX through
   openpyxl, PDF through pypdf, CSV as text), submit every search form with the Tanggamus cadres' names as
   ``q``, and look for each Tanggamus cadre's name, NIK and masked NIK in every page and file.

The crawl is bounded (a few variants of each URL pattern's query string; the region tree, which is public
reference data, a few pages deep) so that it stays within a minute or so.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import Counter, deque
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import Resolver404, resolve

from accounts.choices import OfficeLevel, Role
from accounts.models import Office
from cadre.checks import mask_nik
from cadre.models import Cadre
from locus.models import Locus, Regency
from reports.models import JobStatus
from reports.services import JobParameters, report_request, run_job
from tests.cadre.factories import CadreFactory
from tests.conftest import load_real_regions
from tests.factories import UserFactory, office_for
from tests.locus.factories import LocusFactory
from tests.reports.jobs_support import use_private_media
from tests.two_factor import TwoFactorClient

pytestmark = [pytest.mark.postgres]

# Reference data every logged-in user may read (docs/architecture.md, "Regions"; programme years): a
# regency's or village's page is the Kemendagri tree, not the regency office's data.
PUBLIC_URL_NAMES = {
    "locus:province_detail",
    "locus:regency_detail",
    "locus:district_detail",
    "locus:village_detail",
    "locus:region_index",
    "locus:region_search",
    "locus:region_suggest",
    "locus:programmeyear_detail",
    "locus:programmeyear_update",
    "locus:milestone_schedule",
    # Empty spreadsheet templates to fill (their path names a kind and a format, not an object).
    "locus:import_template",
    "cadre:import_template",
}
SKIP_PREFIXES = ("/static/", "/admin/", "/i18n/", "/accounts/logout")
VARIANTS_PER_NAME = 4  # query-string variants of one URL pattern (filters, pages, calendar months)
REGION_PAGES = 12  # pages of the region tree, per URL name
OBJECTS_PER_NAME = 400  # object pages per URL name: more than the demo holds, a bound against loops
# The others' crawls look for leaks on their own pages: a few dozen of each kind (every list, filter,
# search and download, and 40 cadre pages, meetings...) instead of all their province's rows.
THEIR_OBJECTS_PER_NAME = 40


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.forms: list[tuple[str, dict[str, str], list[str]]] = []  # action, defaults, text inputs
        self._form: tuple[str, dict[str, str], list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "hx-get"):
            if attrs.get(name) and (tag != "link" or name != "href"):
                self.links.append(attrs[name])
        if tag == "form" and (attrs.get("method") or "get").lower() == "get":
            self._form = (attrs.get("action") or "", {}, [])
        elif tag == "form":
            self._form = None
        elif self._form is not None and tag in ("input", "select", "textarea"):
            name = attrs.get("name")
            kind = (attrs.get("type") or "text").lower()
            if not name or kind in ("submit", "button", "file", "password"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if attrs.get("value"):
                self._form[1].setdefault(name, attrs["value"])
            if (tag == "input" and kind in ("text", "search")) or tag == "textarea":
                self._form[2].append(name)

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


@dataclass
class Crawl:
    pages: dict[str, int] = field(default_factory=dict)  # url → status
    texts: dict[str, str] = field(default_factory=dict)  # url → text read (HTML or the file's text)
    search_forms: set[tuple[str, str]] = field(default_factory=set)  # (action path, text input name)

    def object_urls(self) -> dict[str, str]:
        """URL → URL name, for the pages that answered 200 and name an object in their path."""
        found = {}
        for url, status in self.pages.items():
            match = _resolve(url)
            if status == 200 and match is not None and match.kwargs:
                found[url] = match.view_name
        return found


def _resolve(url: str):
    try:
        return resolve(urlsplit(url).path)
    except Resolver404:
        return None


def file_text(response) -> str:
    """The text a user reads in a response: HTML/CSV/JSON as text, XLSX and ODS cells, PDF text."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "spreadsheet" in kind or content[:2] == b"PK":
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        return "\n".join(
            " ".join(str(v) for v in row if v not in (None, ""))
            for name in book.sheet_names
            for row in book.get_sheet_by_name(name).to_python()
        )
    if "pdf" in kind or content[:4] == b"%PDF":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
    return content.decode("utf-8-sig", errors="replace")


def crawl(client: Client, start: str = "/", *, objects_per_name: int = OBJECTS_PER_NAME) -> Crawl:
    result = Crawl()
    queue = deque([start])
    seen = {start}
    per_name: Counter = Counter()
    while queue:
        url = queue.popleft()
        response = client.get(url)
        result.pages[url] = response.status_code
        if response.status_code != 200:
            continue
        text = file_text(response)
        result.texts[url] = text
        if "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Links()
        parser.feed(text)
        found = list(parser.links)
        for action, defaults, text_inputs in parser.forms:
            target = urljoin(url, action or urlsplit(url).path)
            found.append(f"{urlsplit(target).path}?{urlencode(defaults)}" if defaults else target)
            for name in text_inputs:
                result.search_forms.add((urlsplit(target).path, name))
        for link in found:
            link = urljoin(url, link.strip())
            parts = urlsplit(link)
            if parts.scheme not in ("http", "") or parts.netloc not in ("", "testserver"):
                continue
            path = parts.path
            if path.startswith(SKIP_PREFIXES):
                continue
            query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
            normal = f"{path}?{query}" if query else path
            if normal in seen:
                continue
            match = _resolve(path)
            if match is None:
                continue
            name = match.view_name
            if name in PUBLIC_URL_NAMES:
                limit = REGION_PAGES
            elif query:
                limit = VARIANTS_PER_NAME
                name = f"{name}?"
            else:
                limit = objects_per_name
            if per_name[name] >= limit:
                continue
            per_name[name] += 1
            seen.add(normal)
            queue.append(normal)
    return result


def _login(user) -> Client:
    """A whole sign-in: the password and, for an account that needs it (KPU NTT's administrator), the
    second step with a real authenticator."""
    client = TwoFactorClient()
    client.force_login(user)
    return client


def _jobs_for(user, *, scope: str, locus: Locus | None, formats=("xlsx", "csv")) -> None:
    """Report jobs with their files, built now by the real builders: the roster in each format, the recap
    and (with a locus) the locus profile PDF."""
    asks = [JobParameters(report_type="roster", format=f, year=2021, scope=scope) for f in formats]
    asks.append(JobParameters(report_type="recap", format="xlsx", year=2021, scope=scope))
    if locus is not None:
        asks.append(JobParameters(report_type="locus-profile", format="pdf", year=2021, locus=locus))
    for params in asks:
        job = run_job(report_request(user=user, params=params, enqueue=False).pk)
        assert job.status == JobStatus.SUCCEEDED, (params, job.error)


@pytest.fixture
def crawl_world(db, settings, tmp_path):
    from django.core.management import call_command

    use_private_media(settings, tmp_path)
    load_real_regions()  # the demo provinces
    call_command("seed_demo", verbosity=0)
    users = get_user_model().objects.select_related("office")
    tanggamus, ntt = users.get(username="kab-tanggamus"), users.get(username="prov-ntt")
    # A second regency of Lampung, with a locus and a cadre of its own.
    lamsel = Regency.objects.get(code="18.01")
    lamsel_user = UserFactory(
        username="kab-lampung-selatan", office=office_for(OfficeLevel.REGENCY, lamsel), role=Role.COMMISSIONER
    )
    village = lamsel.districts.first().villages.first()
    lamsel_locus = LocusFactory(village=village)
    CadreFactory(
        locus=lamsel_locus,
        nik=f"{village.code[:8].replace('.', '')}150895" + "0001",
        full_name="Ratna Lampung Selatan",
        sex="L",
        birth_place="Kalianda",
        birth_date=dt.date(1995, 8, 15),
        address="Dusun 1",
        status="ditetapkan",
    )
    assert Office.objects.filter(regency=lamsel).count() == 1
    first_locus = Locus.objects.filter(regency_id="18.06").order_by("pk").first()
    _jobs_for(tanggamus, scope="18.06", locus=first_locus)
    _jobs_for(lamsel_user, scope="18.01", locus=None, formats=("csv",))
    _jobs_for(ntt, scope="53", locus=Locus.objects.filter(province_id="53").order_by("pk").first())
    return tanggamus, {"kab-lampung-selatan": lamsel_user, "prov-ntt": ntt}


def test_nothing_of_one_regency_opens_or_shows_for_another_regency_or_province(crawl_world):
    tanggamus, others = crawl_world
    mine = crawl(_login(tanggamus))
    objects = mine.object_urls()
    reached = Counter(objects.values())
    # The crawl reached the objects of every kind the demo holds for Tanggamus, downloads included.
    for name in (
        "locus:locus_detail",
        "cadre:cadre_detail",
        "cadre:roster",
        "activities:meeting_detail",
        "activities:meeting_minutes_pdf",
        "activities:training_detail",
        "activities:activity_detail",
        "activities:evaluation_detail",
        "reports:job_download",
        "dashboard:locus",
    ):
        assert reached[name], f"the crawl reached no {name}: {sorted(reached)}"

    cadres = list(Cadre.objects.filter(regency_id="18.06").values_list("full_name", "nik"))
    assert len(cadres) >= 50
    # The detector finds what it looks for: Tanggamus' own pages and files show its cadres' names and
    # masked NIKs.
    own_text = "\n".join(mine.texts.values())
    assert all(name in own_text for name, _nik in cadres)
    assert all(mask_nik(nik) in own_text for _name, nik in cadres)
    for username, other in others.items():
        client = _login(other)
        opened = []
        for url, name in objects.items():
            if name in PUBLIC_URL_NAMES:
                continue
            status = client.get(url).status_code
            if status not in (403, 404):
                opened.append(f"{url} ({name}): {status}")
        assert not opened, f"{username} opens Tanggamus objects:\n" + "\n".join(opened)

        # Names that also belong to a cadre the other user may see (a common name) are not evidence.
        own_names = set(Cadre.objects.restrict(other, "view").values_list("full_name", flat=True))
        secrets = {name for name, _nik in cadres if name not in own_names}
        secrets |= {nik for _name, nik in cadres} | {mask_nik(nik) for _name, nik in cadres}
        theirs = crawl(client, objects_per_name=THEIR_OBJECTS_PER_NAME)
        assert len(theirs.pages) > 20, theirs.pages
        assert "reports:job_download" in theirs.object_urls().values(), "their own downloads were read"
        searches = {}
        names = sorted(name for name, _nik in cadres if name not in own_names)[:6]
        for path, input_name in sorted(theirs.search_forms):
            for name in names:
                url = f"{path}?{urlencode({input_name: name})}"
                response = client.get(url)
                if response.status_code == 200:
                    # The page shows back what was typed (the search box, "nothing matches “…”"): that is
                    # the asker's own input, not data.
                    text = file_text(response)
                    for echo in (f'value="{escape(name)}"', f"“{escape(name)}”", f"“{name}”"):
                        text = text.replace(echo, "")
                    searches[url] = text
        assert searches, "no search form was found to try the names in"
        leaks = []
        pattern = re.compile("|".join(re.escape(secret) for secret in sorted(secrets, key=len, reverse=True)))
        for url, text in {**theirs.texts, **searches}.items():
            for hit in set(pattern.findall(text)):
                leaks.append(f"{url}: {hit!r}")
        assert not leaks, f"{username} reads Tanggamus cadres' data:\n" + "\n".join(sorted(leaks)[:50])
