"""Figures of the impact estimate as pages show them: signed points with one decimal ("+2,3"), a turnout
("76,4%") and an effect with its interval."""

from __future__ import annotations

from django import template

from impact.charts import effect_text, one_decimal, points

register = template.Library()


def _figure(value):
    """A figure, or None for none: a variable the template could not resolve (a place with no figure of
    its own) reaches a filter as ""."""
    return None if value == "" else value


@register.filter
def signed_points(value) -> str:
    return points(_figure(value))


@register.filter
def turnout(value) -> str:
    if _figure(value) is None:
        return "—"
    return one_decimal(value) + "%"


@register.filter
def with_interval(figure) -> str:
    """A figure's (or a locus effect's) effect and interval: "+2,3 poin (+0,8 s.d. +3,4)"."""
    return effect_text(figure.effect, getattr(figure, "low", None), getattr(figure, "high", None))
