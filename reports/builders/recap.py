"""The programme recap (*rekapitulasi*) of the country, a province or a regency for one programme year:
loci by category and status, roster fill and composition, trainings, socialisation, targets, and advocacy
with the budget it asked for and mobilised.

XLSX: one sheet per level ("Ringkasan", "Provinsi" for the whole country, "Kabupaten-Kota", "Lokus"), the
targets ("Target") and the advocacy engagements ("Advokasi"), written in openpyxl's write-only mode, numbers
(Rupiah included) as numbers, dates as dates, header rows frozen.
PDF: the summary with bar charts (inline SVG), the table of provinces or regencies, and the advocacy budget
by province or office with the engagements."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities.choices import AdvocacyKind, AdvocacyParty, AdvocacyStatus, OutreachMethod
from impact.charts import dot_whisker, effect_text
from impact.selectors import ImpactPage, ImpactPlace, year_pages
from kernel.scoping.jurisdiction import NATIONAL
from locus.choices import LocusCategory, LocusStatus
from reports.queries import Area, Figures, Recap, programme_recap, resolve_scope, resolve_year

from . import CONTENT_TYPES, BuiltReport, ReportError, ReportRequest, ReportType, register
from ._charts import Bar, bar_chart
from ._pdf import generated_text, write_pdf
from ._xlsx import RUPIAH, add_sheet, new_workbook

CATEGORIES = LocusCategory.choices
STATUSES = LocusStatus.choices
# The PDF lists this many engagements (the scope's first, by region and date); the XLSX lists them all.
PDF_ENGAGEMENTS = 150


def _yes_no(value: bool) -> str:
    return _("Ya") if value else _("Tidak")


def _area_headers() -> list[str]:
    return [
        _("Kode"),
        _("Nama"),
        _("Jumlah lokus"),
        *[str(label) for _code, label in CATEGORIES],
        *[_("Status: %(status)s") % {"status": label} for _code, label in STATUSES],
        *_figure_headers(),
        _("Lokus memenuhi keterwakilan perempuan"),
        _("Lokus memenuhi unsur wajib"),
    ]


def _figure_headers() -> list[str]:
    return [
        _("Kuota kader"),
        _("Kader inti ditetapkan/aktif"),
        _("Pengisian kuota (%)"),
        _("Kader perempuan"),
        _("Keterwakilan perempuan (%)"),
        _("Kader lanjutan"),
        _("Sesi lokus direncanakan"),
        _("Sesi pembekalan terlaksana"),
        _("Kehadiran pembekalan (%)"),
        _("Kegiatan sosialisasi"),
        _("Terjangkau laki-laki"),
        _("Terjangkau perempuan"),
        _("Terjangkau jumlah"),
        _("Terjangkau disabilitas"),
        _("Terjangkau pemilih pemula"),
    ]


def _figure_cells(f: Figures) -> list:
    return [
        f.roster_size,
        f.filled,
        f.fill_percent,
        f.women,
        f.women_percent,
        f.follow_on,
        f.sessions_planned,
        f.sessions_held,
        f.attendance_percent,
        f.activities,
        f.reached_men,
        f.reached_women,
        f.reached_total,
        f.reached_disabled,
        f.reached_first_time,
    ]


def _area_row(area: Area) -> list:
    f = area.figures
    return [
        area.code,
        area.name,
        f.loci,
        *[f.by_category.get(code, 0) for code, _label in CATEGORIES],
        *[f.by_status.get(code, 0) for code, _label in STATUSES],
        *_figure_cells(f),
        f.women_ok,
        f.segments_ok,
    ]


def summary_rows(recap: Recap) -> list[tuple[str, object]]:
    """(label, value) lines of the summary, shared by the "Ringkasan" sheet and the PDF."""
    f = recap.total.figures
    rows: list[tuple[str, object]] = [(_("Jumlah lokus"), f.loci)]
    rows += [
        (_("Lokus kategori %(category)s") % {"category": label}, f.by_category.get(code, 0))
        for code, label in CATEGORIES
    ]
    rows += [
        (_("Lokus berstatus %(status)s") % {"status": label}, f.by_status.get(code, 0))
        for code, label in STATUSES
    ]
    rows += [
        (_("Lokus dengan daftar kader (ditetapkan, PKS, aktif, selesai)"), f.programme_loci),
        (_("Kuota kader"), f.roster_size),
        (_("Kader inti ditetapkan/aktif"), f.filled),
        (_("Pengisian kuota (%)"), f.fill_percent),
        (_("Keterwakilan perempuan (%)"), f.women_percent),
        (_("Batas minimal keterwakilan perempuan (%)"), recap.year.min_women_percent),
        (_("Lokus memenuhi keterwakilan perempuan"), f.women_ok),
        (_("Lokus memenuhi unsur wajib"), f.segments_ok),
        (_("Kader lanjutan"), f.follow_on),
        (_("Sesi pembekalan terlaksana"), f.sessions_held),
        (_("Sesi lokus direncanakan"), f.sessions_planned),
        (_("Kehadiran pembekalan (%)"), f.attendance_percent),
        (_("Kegiatan sosialisasi"), f.activities),
        (_("Warga terjangkau"), f.reached_total),
        (_("Terjangkau perempuan"), f.reached_women),
        (_("Terjangkau disabilitas"), f.reached_disabled),
        (_("Terjangkau pemilih pemula"), f.reached_first_time),
        (_("Kegiatan advokasi"), recap.budget.engagements),
        (_("Advokasi disetujui"), recap.budget.approved),
        (_("Anggaran advokasi diajukan (Rp)"), recap.budget.asked),
        (_("Anggaran advokasi dimobilisasi (Rp)"), recap.budget.mobilised),
    ]
    return rows


def _advocacy_headers() -> list[str]:
    return [
        _("Kantor"),
        _("Kode wilayah"),
        _("Tanggal"),
        _("Bentuk kegiatan"),
        _("Pihak"),
        _("Nama pihak"),
        _("Judul"),
        _("Status"),
        _("Tanggal keputusan"),
        _("Anggaran diajukan (Rp)"),
        _("Anggaran disetujui (Rp)"),
        _("Anggaran dimobilisasi (Rp)"),
        _("Keterangan"),
    ]


def _advocacy_rows(recap: Recap):
    kinds, parties, statuses = (
        dict(AdvocacyKind.choices),
        dict(AdvocacyParty.choices),
        dict(AdvocacyStatus.choices),
    )
    for engagement in recap.engagements:
        yield [
            engagement.office.name,
            engagement.regency_id or engagement.province_id,
            engagement.held_on,
            str(kinds.get(engagement.kind, engagement.kind)),
            str(parties.get(engagement.party_kind, engagement.party_kind)),
            engagement.party_name,
            engagement.title,
            str(statuses.get(engagement.status, engagement.status)),
            engagement.decided_on,
            engagement.budget_asked,
            engagement.budget_committed,
            engagement.budget_mobilised,
            engagement.note,
        ]


def _target_rows(recap: Recap):
    for progress in recap.targets:
        for item in progress.items:
            yield [progress.target.office.name, item.label, item.target, item.done, item.percent]


def _locus_rows(recap: Recap):
    regencies = {area.code: area.name for area in recap.regencies}
    provinces = {area.code: area.name for area in recap.provinces}
    categories = dict(CATEGORIES)
    statuses = dict(STATUSES)
    for line in recap.loci:
        f = line.figures
        programme = bool(f.programme_loci)
        yield [
            line.village_code,
            line.village_name,
            line.district_name,
            regencies.get(line.regency_code, line.regency_code),
            provinces.get(line.province_code, line.province_code),
            str(categories.get(line.category, line.category)),
            str(statuses.get(line.status, line.status)),
            *_figure_cells(f),
            _yes_no(f.women_ok) if programme else "",
            ", ".join(line.missing) if programme else "",
        ]


# --- the programme's effect on turnout (impact/) ----------


def impact_pages(recap: Recap, user) -> list[ImpactPage]:
    """The computed impact estimates of the recap's year for its scope, one per outcome election."""
    scope = recap.scope
    place = ImpactPlace(scope.level, scope.code or "", str(scope.name))
    return year_pages(user=user, place=place, year=recap.year.year)


def _impact_headers() -> list[str]:
    return [
        _("Pemilu sebelum → sesudah"),
        _("Wilayah/kategori"),
        _("Lokus dengan hasil kedua pemilu"),
        _("Lokus berpembanding"),
        _("Lokus tanpa pembanding"),
        _("Lokus tanpa hasil lengkap"),
        _("Desa pembanding"),
        _("Partisipasi awal lokus (%)"),
        _("Partisipasi awal pembanding (%)"),
        _("Perubahan lokus (poin)"),
        _("Perubahan pembanding (poin)"),
        _("Penyesuaian (poin)"),
        _("Selisih (poin)"),
        _("Batas bawah 95%"),
        _("Batas atas 95%"),
        _("Data ilustrasi"),
    ]


def _rounded(value):
    return None if value is None else round(value, 2)


def _impact_rows(pages: list[ImpactPage]):
    for page in pages:
        estimate = page.estimate
        elections = f"{estimate.baseline.name} → {estimate.election.name}"
        rows = [(page.place.title, page.figure)] if page.figure else []
        rows += [(row.label, row.figure) for row in page.areas + page.categories]
        for label, f in rows:
            yield [
                elections,
                label,
                f.loci,
                f.matched,
                f.unmatched,
                f.missing_results,
                f.controls,
                *[_rounded(v) for v in (f.locus_baseline, f.match_baseline, f.locus_change, f.match_change)],
                *[_rounded(v) for v in (f.adjustment, f.effect, f.low, f.high)],
                _yes_no(estimate.illustrative),
            ]


def impact_caveats() -> list[str]:
    return [
        _(
            "Selisih = perubahan partisipasi lokus dikurangi perubahan desa pembanding yang mirip "
            "(kabupaten/kota atau provinsi yang sama, jenis desa/kelurahan sama, partisipasi awal dan jumlah "
            "pemilih mirip), dalam poin persentase, dengan interval 95%."
        ),
        _(
            "Keterkaitan, bukan bukti sebab-akibat. Lokus dipilih karena partisipasi rendah; kenaikan "
            "mentahnya "
            "sebagian adalah kembali ke rata-rata, yang dikendalikan dengan pencocokan pada partisipasi awal."
        ),
        _("Pembanding hanya sebaik datanya. Angka dari data ilustrasi bukan hasil resmi."),
    ]


def _write_xlsx(recap: Recap, request: ReportRequest) -> None:
    workbook = new_workbook()
    preamble = [
        (_("Rekapitulasi Program Desa Peduli Pemilu dan Pemilihan"),),
        (_("Cakupan"), str(recap.scope.name)),
        (_("Tahun program"), recap.year.year),
        (_("Dibuat"), generated_text(request.user)),
    ]
    add_sheet(
        workbook,
        _("Ringkasan"),
        [_("Uraian"), _("Nilai")],
        summary_rows(recap),
        widths=(52, 16),
        preamble=preamble,
    )
    if recap.scope.level == NATIONAL:
        add_sheet(workbook, _("Provinsi"), _area_headers(), map(_area_row, recap.provinces), widths=(8, 28))
    add_sheet(workbook, _("Kabupaten-Kota"), _area_headers(), map(_area_row, recap.regencies), widths=(8, 32))
    add_sheet(
        workbook,
        _("Lokus"),
        [
            _("Kode Desa"),
            _("Desa/Kelurahan"),
            _("Kecamatan"),
            _("Kabupaten/Kota"),
            _("Provinsi"),
            _("Kategori"),
            _("Status"),
            *_figure_headers(),
            _("Keterwakilan perempuan terpenuhi"),
            _("Unsur wajib belum terpenuhi"),
        ],
        _locus_rows(recap),
        widths=(15, 24, 20, 26, 20, 24, 18),
    )
    add_sheet(
        workbook,
        _("Target"),
        [_("Kantor"), _("Indikator"), _("Target"), _("Capaian"), _("Capaian (%)")],
        _target_rows(recap),
        widths=(34, 30, 12, 12, 12),
    )
    add_sheet(
        workbook,
        _("Advokasi"),
        _advocacy_headers(),
        _advocacy_rows(recap),
        widths=(30, 10, 12, 24, 20, 30, 40, 12, 14, 18, 18, 18, 40),
        number_formats={9: RUPIAH, 10: RUPIAH, 11: RUPIAH},
    )
    add_sheet(
        workbook,
        _("Dampak"),
        _impact_headers(),
        _impact_rows(impact_pages(recap, request.user)),
        widths=(30, 28),
        preamble=[
            (_("Dampak program terhadap partisipasi pemilih"),),
            *[(text,) for text in impact_caveats()],
        ],
    )
    workbook.save(request.output_path)


def _charts(recap: Recap) -> dict:
    f = recap.total.figures
    methods = dict(OutreachMethod.choices)
    areas = recap.provinces if recap.scope.level == NATIONAL else recap.regencies
    return {
        "categories": bar_chart([Bar(str(label), f.by_category.get(code, 0)) for code, label in CATEGORIES]),
        "fill": bar_chart(
            [
                Bar(area.name, area.figures.filled, area.figures.roster_size)
                for area in areas
                if area.figures.programme_loci
            ]
        ),
        "reach": bar_chart(
            [
                Bar(str(methods.get(method, method)), people)
                for method, _count, people in recap.reach_by_method
            ]
        ),
    }


def _pairs(rows: list) -> list[list]:
    """The summary in two columns: the first half beside the second."""
    half = (len(rows) + 1) // 2
    return [[left, *([rows[half + i]] if half + i < len(rows) else [])] for i, left in enumerate(rows[:half])]


def _write_pdf(recap: Recap, request: ReportRequest) -> None:
    areas = recap.provinces if recap.scope.level == NATIONAL else recap.regencies
    write_pdf(
        "reports/pdf/recap.html",
        {
            "title": _("Rekapitulasi Program Desa Peduli Pemilu dan Pemilihan"),
            "recap": recap,
            "scope_name": recap.scope.name,
            "year": recap.year.year,
            "summary": _pairs(summary_rows(recap)),
            "charts": _charts(recap),
            "areas": areas,
            "area_label": _("Provinsi") if recap.scope.level == NATIONAL else _("Kabupaten/Kota"),
            "categories": CATEGORIES,
            "budget_label": _("Provinsi") if recap.scope.level == NATIONAL else _("Kantor"),
            "engagements": recap.engagements[:PDF_ENGAGEMENTS],
            "engagements_left_out": max(0, len(recap.engagements) - PDF_ENGAGEMENTS),
            "impact": [
                {
                    "page": page,
                    "chart": dot_whisker(page.chart_rows + page.category_rows, wide=True),
                    "headline": effect_text(page.figure.effect, page.figure.low, page.figure.high)
                    if page.figure
                    else "",
                }
                for page in impact_pages(recap, request.user)
            ],
            "impact_caveats": impact_caveats(),
        },
        request.output_path,
        user=request.user,
    )


def build_recap(request: ReportRequest) -> BuiltReport:
    if request.format not in RECAP.formats:
        raise ReportError(
            _("Format %(format)s tidak tersedia untuk laporan ini.") % {"format": request.format}
        )
    scope = resolve_scope(request.user, request.scope)
    year = resolve_year(request.year)
    request.progress(10)
    recap = programme_recap(user=request.user, scope=scope, year=year)
    request.progress(60)
    if request.format == "xlsx":
        _write_xlsx(recap, request)
    else:
        _write_pdf(recap, request)
    request.progress(100)
    return BuiltReport(
        filename=f"rekap-dp3-{year.year}-{scope.slug}.{request.format}",
        content_type=CONTENT_TYPES[request.format],
    )


RECAP = register(
    ReportType(
        code="recap",
        label=gettext_lazy("Rekapitulasi program"),
        formats=("xlsx", "pdf"),
        build=build_recap,
    )
)
