"""Exports of loci as XLSX or CSV, in the import's columns (so an export can be edited and imported again)."""

from __future__ import annotations

from kernel.spreadsheets import write_table


def loci_export(loci, *, fmt: str) -> bytes:
    headers = [
        "Kode Desa",
        "Nama Desa",
        "Kecamatan",
        "Kabupaten/Kota",
        "Provinsi",
        "Tahun",
        "Kategori",
        "Status",
        "Nomor SK",
        "Tanggal SK",
        "Nomor PKS",
        "Tanggal PKS",
        "Alasan",
    ]
    rows = (
        [
            locus.village_id,
            locus.village.name,
            locus.village.district.name,
            locus.village.district.regency.name,
            locus.village.district.regency.province.name,
            locus.programme_year_id,
            locus.get_category_display(),
            locus.get_status_display(),
            locus.decree_number,
            locus.decree_date.strftime("%d/%m/%Y") if locus.decree_date else "",
            locus.agreement_number,
            locus.agreement_date.strftime("%d/%m/%Y") if locus.agreement_date else "",
            locus.rationale,
        ]
        for locus in loci.iterator(chunk_size=2000)
    )
    return write_table(headers, rows, fmt=fmt, title="Lokus DP3")
