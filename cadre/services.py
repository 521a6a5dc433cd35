"""Writes on cadres, with the programme's rules: the identity checks, one live NIK per programme year
(telling nobody where a NIK outside their jurisdiction is a cadre: ``NikGuard``), the roster size enforced
under a lock of the locus row, the order of the recruitment steps, replacement, and the logged reveal of a
full NIK."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kernel.history import stored_note
from kernel.scoping.jurisdiction import NATIONAL
from kernel.scoping.policy import ADMIN, policy
from kernel.uploads import validate_document
from locus import rules
from locus.choices import RECRUITING_LOCUS_STATUSES
from locus.models import District, Locus, Segment, Village

from .accounts import close_account_of_departed
from .checks import check_age, check_identity, check_nik, normalize_phone
from .choices import LIVE_STATUSES, VERIFICATION_ITEMS, CadreStatus, NikAccessAction, Sex
from .models import Cadre, NikAccess

logger = logging.getLogger(__name__)

S = CadreStatus
DISABILITY_SEGMENT = "penyandang-disabilitas"
# Loci that take cadres: designated and later, not rejected, cancelled or closed.

# Statuses that end a cadre's part in the programme: the cadre app's account closes with them.
DEPARTED_STATUSES = frozenset({S.INELIGIBLE, S.RESIGNED, S.REPLACED})

TRANSITIONS: dict[str, frozenset[str]] = {
    S.REGISTERED: frozenset({S.VERIFIED, S.INELIGIBLE, S.RESIGNED}),
    S.VERIFIED: frozenset({S.INTERVIEWED, S.INELIGIBLE, S.RESIGNED}),
    S.INTERVIEWED: frozenset({S.APPOINTED, S.INELIGIBLE, S.RESIGNED}),
    S.APPOINTED: frozenset({S.ACTIVE, S.RESIGNED}),
    S.ACTIVE: frozenset({S.RESIGNED}),
    S.INELIGIBLE: frozenset(),
    S.RESIGNED: frozenset({S.REPLACED}),
    S.REPLACED: frozenset(),
}


@dataclass
class CadreData:
    """What a person enters about a cadre (a form or a spreadsheet row)."""

    nik: str
    full_name: str
    sex: str
    birth_place: str
    birth_date: dt.date | None
    address: str
    domicile_village_code: str
    phone: str = ""
    email: str = ""
    education: str = ""
    occupation: str = ""
    segment_codes: list[str] = field(default_factory=list)
    disability: str = ""
    nonpartisan: bool = False
    interest_ppk: bool = False
    interest_pps: bool = False
    interest_kpps: bool = False
    recruited_on: dt.date | None = None
    file_recruited_on: dt.date | None = None  # the date chosen for a whole file, for rows without one


@dataclass
class Checked:
    """The cleaned values of a CadreData, errors by field, and notes/warnings that do not refuse it."""

    values: dict = field(default_factory=dict)
    segments: list = field(default_factory=list)
    errors: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    recruited_from: str | None = None  # where the recruitment date came from (``rules.RECRUITED_*``)

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)


class Lookups:
    """Everything the checks read from the database, loaded once: villages, districts, segments, and the
    day they are made on (``today``: the recruitment date's default, one day for a whole file).

    The import fills it for a whole file in a few queries; a form uses it for one cadre."""

    def __init__(self, *, village_codes=(), district_codes=()):
        self.today = timezone.localdate()
        self.villages = {v.code: v for v in Village.objects.filter(code__in=set(village_codes))}
        self.districts = {
            d.code: d
            for d in District.objects.filter(code__in=set(district_codes)).select_related("successor")
        }
        self.segments = {s.code: s for s in Segment.objects.all()}
        self.segments_by_name = {" ".join(s.name.lower().split()): s for s in self.segments.values()}
        self._allowed: dict[int, set[str]] = {}

    def allowed_segments(self, locus: Locus) -> set[str]:
        """Codes of the segments the locus' programme year accepts (empty: any), read once per year."""
        year = locus.programme_year_id
        if not year:
            return set()
        if year not in self._allowed:
            self._allowed[year] = {s.code for s in locus.programme_year.segments.all()}
        return self._allowed[year]

    def district(self, code: str):
        district = self.districts.get(code)
        if district is None:
            return (False, False, None)
        successor = district.current_successor() if district.retired_at else None
        return (True, district.retired_at is not None, successor.name if successor else None)


def check_cadre(data: CadreData, *, locus: Locus, lookups: Lookups) -> Checked:
    """Every rule on one cadre that needs no other cadre: NIK, identity, age, recruitment date within the
    programme year, village, phone, segments (of the year; the women's segment for women; an age segment
    for its age band on the recruitment date: ``rules.segment_fits_sex``, ``rules.segment_fits_age``),
    statement. Pure apart from ``lookups``: no query."""
    checked = Checked()
    nik = check_nik(data.nik, known_district=lookups.district)
    for message in nik.errors:
        checked.add("nik", message)
    checked.warnings.extend(nik.notes)
    for name, messages in check_identity(nik, birth_date=data.birth_date, sex=data.sex).items():
        for message in messages:
            checked.add(name, message)
    if not (data.full_name or "").strip():
        checked.add("full_name", _("Nama lengkap wajib diisi."))
    if data.sex not in ("L", "P"):
        checked.add("sex", _("Jenis kelamin harus L atau P."))
    if not (data.birth_place or "").strip():
        checked.add("birth_place", _("Tempat lahir wajib diisi."))
    if data.birth_date is None:
        checked.add("birth_date", _("Tanggal lahir wajib diisi."))
    age = None  # on the recruitment date, when both dates are valid
    recruited_on, recruited_from = recruitment_date(data, locus, today=lookups.today)
    if recruited_on is None:
        checked.add(
            "recruited_on",
            _(
                "Tanggal rekrutmen wajib diisi: tahun program %(year)s bukan tahun ini dan lokus belum "
                "mempunyai tanggal SK."
            )
            % {"year": locus.programme_year_id},
        )
    elif locus.programme_year_id and not rules.within_programme_year(recruited_on, locus.programme_year_id):
        checked.add(
            "recruited_on",
            _("Tanggal rekrutmen %(date)s di luar tahun program %(year)s.")
            % {"date": recruited_on.strftime("%d/%m/%Y"), "year": locus.programme_year_id},
        )
    else:
        age_errors = check_age(data.birth_date, recruited_on)
        for message in age_errors:
            checked.add("birth_date", message)
        if data.birth_date is not None and not age_errors:
            age = rules.age_on(data.birth_date, recruited_on)
    if not (data.address or "").strip():
        checked.add("address", _("Alamat wajib diisi."))
    village = lookups.villages.get((data.domicile_village_code or "").strip())
    if village is None:
        checked.add(
            "domicile_village",
            _("Kode desa domisili “%(code)s” tidak dikenal.") % {"code": data.domicile_village_code or ""},
        )
    elif village.retired_at is not None:
        checked.add(
            "domicile_village", _("Kode desa domisili %(code)s sudah tidak berlaku.") % {"code": village.code}
        )
    elif village.code != locus.village_id:
        checked.warnings.append(
            _("Desa domisili (%(village)s) bukan desa lokus; kader semestinya berasal dari desa lokus.")
            % {"village": village.name}
        )
    phone, phone_errors = normalize_phone(data.phone)
    for message in phone_errors:
        checked.add("phone", message)
    allowed = lookups.allowed_segments(locus)
    segments = []
    for code in data.segment_codes:
        segment = lookups.segments.get(code) or lookups.segments_by_name.get(" ".join(code.lower().split()))
        if segment is None or (allowed and segment.code not in allowed):
            checked.add("segments", _("“%(value)s” bukan unsur pemilih tahun program ini.") % {"value": code})
        else:
            segments.append(segment)
            for message in _segment_errors(segment, sex=data.sex, age=age):
                checked.add("segments", message)
    if any(s.code == DISABILITY_SEGMENT for s in segments) and not (data.disability or "").strip():
        checked.add("disability", _("Sebutkan jenis disabilitas untuk unsur Penyandang Disabilitas."))
    if not data.nonpartisan:
        checked.add("nonpartisan", _("Pernyataan bukan anggota partai politik wajib diberikan."))
    checked.segments = segments
    checked.values = {
        "nik": nik.nik or "",
        "full_name": " ".join((data.full_name or "").split()),
        "sex": data.sex,
        "birth_place": (data.birth_place or "").strip(),
        "birth_date": data.birth_date,
        "address": (data.address or "").strip(),
        "domicile_village": village,
        "phone": phone,
        "email": (data.email or "").strip(),
        "education": data.education or "",
        "occupation": (data.occupation or "").strip(),
        "disability": (data.disability or "").strip(),
        "nonpartisan": bool(data.nonpartisan),
        "interest_ppk": bool(data.interest_ppk),
        "interest_pps": bool(data.interest_pps),
        "interest_kpps": bool(data.interest_kpps),
        "recruited_on": recruited_on,
    }
    checked.recruited_from = recruited_from
    return checked


def _segment_errors(segment: Segment, *, sex: str, age: int | None) -> list[str]:
    """Why a cadre of ``sex``, aged ``age`` on the recruitment date (None: unknown), may not represent
    ``segment``: the data would be wrong, so these refuse the cadre (on the segments field)."""
    errors = []
    if sex in (rules.FEMALE, rules.MALE) and not rules.segment_fits_sex(segment.code, sex):
        errors.append(
            _("Unsur %(segment)s hanya untuk kader %(required)s; kader ini %(sex)s.")
            % {
                "segment": segment.label,
                "required": str(Sex(rules.SEGMENT_SEX[segment.code]).label).lower(),
                "sex": str(Sex(sex).label).lower(),
            }
        )
    if age is not None and not rules.segment_fits_age(segment.code, age):
        band = rules.SEGMENT_AGE_BANDS[segment.code]
        errors.append(
            _(
                "Unsur %(segment)s untuk usia %(youngest)s–%(oldest)s tahun pada tanggal rekrutmen; "
                "kader ini berusia %(age)s tahun."
            )
            % {"segment": segment.label, "youngest": band.youngest, "oldest": band.oldest, "age": age}
        )
    return errors


def segment_rules_text() -> str:
    """The segment checks in one sentence, for the form and the import guide (from ``locus.rules``)."""
    first = rules.SEGMENT_AGE_BANDS[rules.FIRST_TIME_SEGMENT]
    young = rules.SEGMENT_AGE_BANDS[rules.YOUNG_SEGMENT]
    return _(
        "Perempuan hanya untuk kader perempuan; Pemilih Pemula untuk usia "
        "%(first_youngest)s–%(first_oldest)s tahun dan Pemilih Muda untuk usia "
        "%(young_youngest)s–%(young_oldest)s tahun pada tanggal rekrutmen."
    ) % {
        "first_youngest": first.youngest,
        "first_oldest": first.oldest,
        "young_youngest": young.youngest,
        "young_oldest": young.oldest,
    }


def recruitment_date(
    data: CadreData, locus: Locus, *, today: dt.date | None = None
) -> tuple[dt.date | None, str | None]:
    """The cadre's recruitment date and where it came from (``rules.RECRUITED_*``): the one given, else the
    file's, else the programme's default (``rules.default_recruitment_date``), judged on ``today``."""
    if data.recruited_on is not None:
        return data.recruited_on, rules.RECRUITED_GIVEN
    today = today or timezone.localdate()
    if not locus.programme_year_id:
        return today, rules.RECRUITED_TODAY
    return rules.default_recruitment_date(
        year=locus.programme_year_id,
        today=today,
        file_date=data.file_recruited_on,
        decree_date=locus.decree_date,
    )


# More refusals of a NIK registered outside the user's jurisdiction than this in REFUSAL_WINDOW throttle
# the user: every further registration is refused without looking at the NIK, and KPU RI's administrators
# are told.
REFUSAL_LIMIT = 20
REFUSAL_WINDOW = dt.timedelta(hours=1)


def _neutral_refusal() -> str:
    return _(
        "NIK ini tidak dapat didaftarkan sebagai kader. Untuk keterangan, hubungi KPU Provinsi atau KPU RI."
    )


def _throttled_refusal() -> str:
    return _(
        "Terlalu banyak pendaftaran NIK yang ditolak dari akun Anda dalam satu jam terakhir. Pendaftaran "
        "kader dihentikan sementara dan telah dilaporkan kepada administrator KPU RI; coba lagi nanti."
    )


class NikGuard:
    """The one answer to "may this user register this NIK in this programme year?" for the form (register,
    correct, replace) and the spreadsheet import, without becoming an oracle of who is a cadre anywhere.

    The rule is the programme's: a NIK is a live cadre (``LIVE_STATUSES``) in at most one locus per year.
    A NIK live in a locus the user may see is refused naming that locus. A NIK live outside the user's
    jurisdiction is refused naming nothing (no year, locus or region), and the refusal is logged like a
    full-NIK view (``NikAccess``, action ``tolak``): the user learnt that the NIK is a cadre somewhere. After
    ``REFUSAL_LIMIT`` such refusals in ``REFUSAL_WINDOW`` every registration is refused whatever the NIK
    (so the answer says nothing of it), and KPU RI's administrators are mailed once per window.

    One guard serves one request or one import: the user's refusals in the window are counted once, in one
    query on the log, and kept in memory after. Refusals are written by ``record()``, which the caller runs
    outside the transaction the refusal rolls back (a form's save, an import's run).
    """

    def __init__(self, actor):
        self.actor = actor
        self.refused: int | None = None  # the user's refusals in the window, read on first use
        self.reported = False  # KPU RI told in the window (a ``dibatasi`` row)
        self.throttle_hit = False
        self.pending: list[int] = []  # the cadres of refusals not yet recorded

    def _count(self) -> int:
        if self.refused is None:
            since = timezone.now() - REFUSAL_WINDOW
            counts = NikAccess.objects.filter(
                user=self.actor,
                action__in=[NikAccessAction.REFUSED, NikAccessAction.THROTTLED],
                at__gte=since,
            ).aggregate(
                refused=Count("pk", filter=Q(action=NikAccessAction.REFUSED)),
                reported=Count("pk", filter=Q(action=NikAccessAction.THROTTLED)),
            )
            self.refused = counts["refused"]
            self.reported = counts["reported"] > 0
        return self.refused

    def throttled(self) -> str | None:
        """The refusal of a throttled user, whatever the NIK; None when the user may go on."""
        if self._count() < REFUSAL_LIMIT:
            return None
        self.throttle_hit = True
        return _throttled_refusal()

    def refusal(
        self, *, nik: str, programme_year_id: int, exclude_pk=None, holders: Mapping[str, Cadre] | None = None
    ) -> str | None:
        """Why ``nik`` may not be registered in the programme year, or None. ``holders``: the live cadres of
        the year by NIK when the caller read them already (an import, for the whole file)."""
        throttled = self.throttled()
        if throttled:
            return throttled
        if holders is not None:
            other = holders.get(nik)
        else:
            other = (
                Cadre.objects.filter(programme_year_id=programme_year_id, nik=nik, status__in=LIVE_STATUSES)
                .exclude(pk=exclude_pk)
                .only("pk")
                .first()
            )
        if other is None:
            return None
        visible = (
            Cadre.objects.restrict(self.actor, "view")
            .filter(pk=other.pk)
            .select_related("locus__village")
            .first()
        )
        if visible is not None:
            return _("NIK ini sudah terdaftar sebagai kader di lokus %(locus)s pada tahun %(year)s.") % {
                "locus": visible.locus.village.name,
                "year": programme_year_id,
            }
        self.pending.append(other.pk)
        self.refused += 1
        return _neutral_refusal()

    def record(self) -> None:
        """Write the refusals, and tell KPU RI's administrators the first time in the window that the user is
        throttled. Stored text in the site's language (Indonesian), whoever's language the request used."""
        with translation.override(settings.LANGUAGE_CODE):
            if self.pending:
                reason = _("Pendaftaran ditolak: NIK terdaftar sebagai kader di luar wilayah kerja")
                NikAccess.objects.bulk_create(
                    [
                        NikAccess(cadre_id=pk, user=self.actor, action=NikAccessAction.REFUSED, reason=reason)
                        for pk in self.pending
                    ]
                )
                self.pending = []
            if self.throttle_hit and not self.reported:
                NikAccess.objects.create(
                    cadre=None,
                    user=self.actor,
                    action=NikAccessAction.THROTTLED,
                    reason=_("%(count)s pendaftaran NIK ditolak dalam satu jam; dilaporkan ke KPU RI")
                    % {"count": self.refused},
                )
                self.reported = True
                _report_throttled(self.actor, refused=self.refused)


def _national_administrator_emails() -> list[str]:
    """Active administrators with the national jurisdiction: of KPU RI's office, or superusers without an
    office (their jurisdiction, ``kernel.scoping.jurisdiction_of``)."""
    users = (
        get_user_model()
        .objects.people()
        .filter(is_active=True)
        .filter(Q(office__level=NATIONAL, role=ADMIN) | Q(is_superuser=True, office__isnull=True))
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
    )
    return list(dict.fromkeys(users))


def _report_throttled(actor, *, refused: int) -> None:
    recipients = _national_administrator_emails()
    if not recipients:
        logger.warning("user %s throttled for refused NIK registrations; no national administrator", actor.pk)
        return
    office = actor.office if actor.office_id else None
    values = {
        "name": actor.get_full_name() or actor.username,
        "username": actor.username,
        "office": office.name if office else _("tanpa kantor"),
        "count": refused,
        "limit": REFUSAL_LIMIT,
        "when": timezone.localtime().strftime("%d-%m-%Y %H.%M"),
    }
    subject = _("SIDP3: pendaftaran NIK oleh %(username)s dibatasi") % values
    body = (
        _(
            "Pengguna %(name)s (%(username)s, %(office)s) dalam satu jam terakhir ditolak %(count)s kali "
            "saat mendaftarkan NIK yang sudah menjadi kader di luar wilayah kerjanya. Sejak %(when)s, "
            "pendaftaran kader dari akun ini ditolak sampai penolakan dalam satu jam kurang dari "
            "%(limit)s.\n\n"
            "Penolakan beruntun seperti ini dapat menandakan upaya mengetahui apakah NIK tertentu terdaftar "
            "sebagai kader. Setiap penolakan tercatat di log akses NIK (admin SIDP3, tindakan “Pendaftaran "
            "NIK ditolak”). Periksa dengan pengguna dan kantornya; bila perlu, nonaktifkan akunnya.\n\n"
            "Surel ini dikirim otomatis; mohon tidak dibalas."
        )
        % values
    )
    try:
        send_mail(subject, body, None, recipients)
    except Exception:  # the throttle holds without the mail; the row above records the report
        logger.exception("mail to national administrators about user %s failed", actor.pk)


def nik_refusal(*, actor, nik: str, programme_year_id: int, exclude_pk=None) -> None:
    """Refuse (ValidationError on ``nik``) a NIK the actor may not register, with its refusal recorded.
    Outside any transaction the refusal would roll back: callers run it before their atomic block."""
    guard = NikGuard(actor)
    message = guard.refusal(nik=nik, programme_year_id=programme_year_id, exclude_pk=exclude_pk)
    guard.record()
    if message:
        raise ValidationError({"nik": [message]})


def _check_actor(actor, locus: Locus, action: str = "add") -> None:
    access = policy(actor)
    if not access.may(action):
        raise PermissionDenied(_("Peran Anda tidak dapat mengubah data kader."))
    access.require(action, locus, _("Lokus ini berada di luar wilayah kerja Anda."))


def _raise(checked: Checked) -> None:
    if checked.errors:
        raise ValidationError(checked.errors)


def _lock_roster(locus: Locus, *, adding: int = 1, exclude_pk=None) -> None:
    """Lock the locus row and refuse when ``adding`` more appointed/active core cadres would exceed the
    programme year's roster size. Concurrent appointments wait for the lock, so they can never exceed it."""
    locked = Locus.objects.select_for_update().select_related("programme_year").get(pk=locus.pk)
    size = locked.programme_year.roster_size
    filled = Cadre.objects.filter(locus_id=locus.pk).on_roster().exclude(pk=exclude_pk).count()
    if rules.roster_overflows(filled=filled, adding=adding, size=size):
        raise ValidationError(
            _("Daftar kader lokus ini sudah penuh (%(filled)s/%(size)s kader ditetapkan atau aktif).")
            % {"filled": filled, "size": size}
        )


def _registration_checked(*, actor, locus: Locus, data: CadreData, exclude_pk=None) -> Checked:
    """Every check of a registration (or a correction) that reads: the actor, the locus, the cadre's data and
    the NIK (``nik_refusal``, which records its refusals). Writes nothing else, so it runs before the atomic
    block whose rollback would lose those records."""
    _check_actor(actor, locus, "add" if exclude_pk is None else "change")
    if exclude_pk is None and locus.status not in RECRUITING_LOCUS_STATUSES:
        raise ValidationError(
            _("Kader hanya dapat didaftarkan di lokus yang sudah ditetapkan dan masih berjalan.")
        )
    lookups = Lookups(village_codes=[data.domicile_village_code], district_codes=[_district_of(data.nik)])
    checked = check_cadre(data, locus=locus, lookups=lookups)
    _raise(checked)
    nik_refusal(
        actor=actor,
        nik=checked.values["nik"],
        programme_year_id=locus.programme_year_id,
        exclude_pk=exclude_pk,
    )
    return checked


def cadre_register(
    *, actor, locus: Locus, data: CadreData, statement=None, recruited_by: Cadre | None = None, replaces=None
) -> tuple[Cadre, list[str]]:
    """Register a candidate (status terdaftar). Returns the cadre and the warnings to show."""
    checked = _registration_checked(actor=actor, locus=locus, data=data)
    cadre = _cadre_create(
        actor=actor,
        locus=locus,
        checked=checked,
        statement=statement,
        recruited_by=recruited_by,
        replaces=replaces,
    )
    return cadre, checked.warnings


@transaction.atomic
def _cadre_create(*, actor, locus: Locus, checked: Checked, statement, recruited_by, replaces) -> Cadre:
    if recruited_by is not None and recruited_by.locus_id != locus.pk:
        raise ValidationError({"recruited_by": [_("Perekrut harus kader lokus yang sama.")]})
    cadre = Cadre(
        locus=locus, status=S.REGISTERED, recruited_by=recruited_by, replaces=replaces, **checked.values
    )
    _save_checked(cadre, actor=actor, checked=checked, statement=statement)
    return cadre


def _district_of(nik: str) -> str:
    digits = "".join(c for c in str(nik or "") if c.isdigit())
    return f"{digits[0:2]}.{digits[2:4]}.{digits[4:6]}" if len(digits) >= 6 else ""


def _save_checked(cadre: Cadre, *, actor, checked, statement) -> None:
    """Save a registered or corrected cadre with its checked segments and statement; a concurrent
    registration of the same NIK in the year (the partial unique constraint) is told as a form error."""
    cadre._history_user = actor
    try:
        with transaction.atomic():
            cadre.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"nik": [_("NIK ini sudah terdaftar sebagai kader pada tahun program ini.")]}
        ) from exc
    cadre.segments.set(checked.segments)
    if statement is not None:
        _attach_statement(cadre, statement)


def _attach_statement(cadre: Cadre, statement) -> None:
    validate_document(statement, field="nonpartisan_statement")
    cadre.nonpartisan_statement.save(statement.name, statement, save=True)


def cadre_update(*, actor, cadre: Cadre, data: CadreData, statement=None) -> tuple[Cadre, list[str]]:
    visible = Cadre.objects.restrict(actor, "change").select_related("locus").filter(pk=cadre.pk).first()
    if visible is None:
        raise PermissionDenied(_("Kader ini berada di luar wilayah kerja Anda."))
    checked = _registration_checked(actor=actor, locus=visible.locus, data=data, exclude_pk=visible.pk)
    with transaction.atomic():
        cadre = Cadre.objects.restrict(actor, "change").select_for_update().filter(pk=cadre.pk).first()
        if cadre is None:
            raise PermissionDenied(_("Kader ini berada di luar wilayah kerja Anda."))
        for name, value in checked.values.items():
            setattr(cadre, name, value)
        _save_checked(cadre, actor=actor, checked=checked, statement=statement)
    return cadre, checked.warnings


def _move(*, actor, cadre: Cadre, target: str, action: str = "change", **fields) -> Cadre:
    cadre = Cadre.objects.restrict(actor, action).select_for_update().filter(pk=cadre.pk).first()
    if cadre is None:
        raise PermissionDenied(_("Anda tidak berwenang mengubah status kader ini."))
    if target not in TRANSITIONS[cadre.status]:
        raise ValidationError(
            _("Kader berstatus %(current)s tidak dapat diubah menjadi %(target)s.")
            % {"current": cadre.get_status_display(), "target": S(target).label}
        )
    if rules.counts_on_roster(
        status=target, recruited_by_id=cadre.recruited_by_id
    ) and not rules.counts_on_roster(status=cadre.status, recruited_by_id=cadre.recruited_by_id):
        _lock_roster(cadre.locus, exclude_pk=cadre.pk)
    for name, value in fields.items():
        setattr(cadre, name, value)
    cadre.status = target
    cadre._history_user = actor
    cadre._change_reason = stored_note(S(target).label)
    cadre.save()
    if target in DEPARTED_STATUSES:
        close_account_of_departed(cadre)
    return cadre


@transaction.atomic
def cadre_verify(*, actor, cadre: Cadre, checklist: dict[str, bool]) -> Cadre:
    missing = [str(label) for key, label in VERIFICATION_ITEMS if not checklist.get(key)]
    if missing:
        raise ValidationError(
            {"verification": [_("Belum terpenuhi: %(items)s.") % {"items": "; ".join(missing)}]}
        )
    return _move(
        actor=actor, cadre=cadre, target=S.VERIFIED, verification={k: True for k, _l in VERIFICATION_ITEMS}
    )


@transaction.atomic
def cadre_interview(*, actor, cadre: Cadre, notes: str, interviewed_on: dt.date) -> Cadre:
    if not (notes or "").strip():
        raise ValidationError({"interview_notes": [_("Catatan wawancara wajib diisi.")]})
    if interviewed_on is None:
        raise ValidationError({"interviewed_on": [_("Tanggal wawancara wajib diisi.")]})
    return _move(
        actor=actor,
        cadre=cadre,
        target=S.INTERVIEWED,
        interview_notes=notes.strip(),
        interviewed_on=interviewed_on,
    )


@transaction.atomic
def cadre_appoint(*, actor, cadre: Cadre, decree_number: str, decree_date: dt.date) -> Cadre:
    """Appoint by decree (SK): a decision of a commissioner or administrator."""
    errors = {}
    if not (decree_number or "").strip():
        errors["decree_number"] = [_("Nomor SK penetapan wajib diisi.")]
    if decree_date is None:
        errors["decree_date"] = [_("Tanggal SK penetapan wajib diisi.")]
    if errors:
        raise ValidationError(errors)
    return _move(
        actor=actor,
        cadre=cadre,
        target=S.APPOINTED,
        action="decide",
        decree_number=decree_number.strip(),
        decree_date=decree_date,
    )


@transaction.atomic
def cadre_activate(*, actor, cadre: Cadre) -> Cadre:
    return _move(actor=actor, cadre=cadre, target=S.ACTIVE)


@transaction.atomic
def cadre_mark_ineligible(*, actor, cadre: Cadre, reason: str) -> Cadre:
    if not (reason or "").strip():
        raise ValidationError({"status_reason": [_("Alasan wajib diisi.")]})
    return _move(actor=actor, cadre=cadre, target=S.INELIGIBLE, status_reason=reason.strip())


@transaction.atomic
def cadre_resign(*, actor, cadre: Cadre, reason: str) -> Cadre:
    if not (reason or "").strip():
        raise ValidationError({"status_reason": [_("Alasan pengunduran diri wajib diisi.")]})
    return _move(actor=actor, cadre=cadre, target=S.RESIGNED, status_reason=reason.strip())


def cadre_replace(*, actor, cadre: Cadre, data: CadreData, statement=None) -> tuple[Cadre, list[str]]:
    """Register the replacement of a cadre who resigned; the resigned cadre becomes ``diganti``."""

    def resigned(query):
        old = query.filter(pk=cadre.pk).first()
        if old is None:
            raise PermissionDenied(_("Kader ini berada di luar wilayah kerja Anda."))
        if old.status != S.RESIGNED:
            raise ValidationError(_("Hanya kader yang mengundurkan diri yang dapat diganti."))
        return old

    old = resigned(Cadre.objects.restrict(actor, "change").select_related("locus"))
    checked = _registration_checked(actor=actor, locus=old.locus, data=data)
    with transaction.atomic():
        old = resigned(Cadre.objects.restrict(actor, "change").select_for_update())
        new = _cadre_create(
            actor=actor,
            locus=old.locus,
            checked=checked,
            statement=statement,
            recruited_by=None,
            replaces=old,
        )
        _move(actor=actor, cadre=old, target=S.REPLACED)
    return new, checked.warnings


def may_view_full_nik(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm("cadre.view_full_nik"))


@transaction.atomic
def cadre_reveal_nik(*, actor, cadre: Cadre, reason: str) -> str:
    """The full NIK, for a user holding the permission who states a reason; the view is logged."""
    if not may_view_full_nik(actor):
        raise PermissionDenied(_("Anda tidak memiliki izin melihat NIK lengkap."))
    policy(actor).require("view", cadre, _("Kader ini berada di luar wilayah kerja Anda."))
    if len((reason or "").strip()) < 10:
        raise ValidationError({"reason": [_("Tuliskan alasan melihat NIK lengkap (minimal 10 karakter).")]})
    NikAccess.objects.create(cadre=cadre, user=actor, action=NikAccessAction.VIEW, reason=reason.strip())
    return cadre.nik


def log_nik_export(*, actor, cadres, reason: str) -> None:
    """Record that ``actor`` exported the full NIKs of ``cadres`` for ``reason`` (one row per cadre)."""
    NikAccess.objects.bulk_create(
        [NikAccess(cadre_id=c.pk, user=actor, action=NikAccessAction.EXPORT, reason=reason) for c in cadres],
        batch_size=2000,
    )
