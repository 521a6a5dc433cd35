"""Template filters of the cadre pages: the masked NIK and the WhatsApp link of a phone number."""

from django import template

from cadre.checks import age_on, mask_nik, whatsapp_link

register = template.Library()


@register.filter
def masked_nik(nik: str | None) -> str:
    """180611******0001: what every page shows of a NIK."""
    return mask_nik(nik)


@register.filter
def whatsapp(phone: str | None) -> str:
    """https://wa.me/62… for a stored +62 number, "" without one."""
    return whatsapp_link(phone or "")


@register.filter
def phone_national(phone: str | None) -> str:
    """A stored +62 number as people write it: 0812-3456-7890."""
    from lokal import parse_phone

    if not phone:
        return ""
    return parse_phone(phone).national or phone


@register.filter
def age_at(birth_date, day) -> int | str:
    return age_on(birth_date, day) if birth_date and day else ""
