"""How the roster import writes what it has checked: new cadres and their history rows by COPY on PostgreSQL
(ids drawn from the sequences first, nothing read back), updates with their history in bulk, then the
segments of every written cadre and the history's snapshot of them. ``RosterWrites`` is mixed into
``cadre.resources.CadreResource``, whose ``before_import`` and rows fill ``create_instances``,
``update_instances``, ``pending_segments``, ``existing_segments`` and ``history_ids``."""

from __future__ import annotations

import operator
from collections import defaultdict

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from kernel.copy import copy_cells, copy_lines, copy_rows, next_ids
from locus import rules

from .cells import WRITTEN_FIELDS
from .models import Cadre

BATCH_SIZE = 2000


class RosterWrites:
    """The writing half of the roster import resource (see the module's docstring)."""

    def _copy_new_cadres(self, instances: list[Cadre]) -> None:
        """New cadres and their "+" history rows with COPY (PostgreSQL): ids drawn from the sequences first,
        so that nothing is read back. The same rows ``bulk_create_with_history`` writes, without the ORM's
        per-value preparation."""
        now = timezone.now()
        cadre_fields = Cadre._meta.concrete_fields
        for instance, pk in zip(instances, next_ids(Cadre._meta.db_table, "id", len(instances)), strict=True):
            instance.pk = pk
            instance.created_at = now
            instance.updated_at = now
        values_of = operator.attrgetter(*(f.attname for f in cadre_fields))
        # Each cadre's values are converted once, as COPY sends them: its history row repeats them.
        converted: list[list[str]] = []

        def cadre_lines():
            for instance in instances:
                cells, line = copy_cells(values_of(instance))
                converted.append(cells)
                yield line

        columns = [f.column for f in cadre_fields]
        copy_lines(Cadre._meta.db_table, columns, cadre_lines())
        for instance in instances:
            instance._state.adding = False
            instance._state.db = connection.alias
        if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            return
        history = Cadre.history.model
        history_ids = next_ids(history._meta.db_table, "history_id", len(instances))
        fixed = {
            "history_date": now,
            "history_change_reason": self._change_reason(),
            "history_type": "+",
            "history_user_id": self.actor.pk,
        }
        fixed_cells, _line = copy_cells(list(fixed.values()))
        # A history row's cells: the cadre's (by position), the fixed ones, then its history_id (last).
        position = {f.attname: index for index, f in enumerate(cadre_fields)}
        position.update({name: len(cadre_fields) + index for index, name in enumerate(fixed)})
        position["history_id"] = len(cadre_fields) + len(fixed)
        history_fields = history._meta.concrete_fields
        order = [position[f.attname] for f in history_fields]

        def history_lines():
            for cells, history_id in zip(converted, history_ids, strict=True):
                row = [*cells, *fixed_cells, str(history_id)]
                yield "\t".join([row[index] for index in order])

        copy_lines(history._meta.db_table, [f.column for f in history_fields], history_lines())
        for instance, history_id in zip(instances, history_ids, strict=True):
            self.history_ids[instance.pk] = history_id

    def _set_segment_masks(self, instances: list[Cadre]) -> None:
        """New cadres go in with the mask of the segments they are about to get, so that writing those
        segment rows changes no cadre row (the database's trigger compares, and corrects a mask that
        differs: the stored mask stays the database's own)."""
        segments_of = {id(cadre): segments for cadre, segments, _changed in self.pending_segments}
        for instance in instances:
            instance.segment_mask = rules.segment_mask(segments_of.get(id(instance), ()))

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        # A preview (dry run) writes nothing: every check of a row is made before its write, and what the
        # database alone could refuse (the same NIK registered elsewhere meanwhile) may change before the
        # confirmation anyway, which writes and checks again. The preview page saves the 10,000 rows' writes.
        if self.create_instances and not self.failed and not dry_run:
            self._set_segment_masks(self.create_instances)
            try:
                if connection.vendor == "postgresql":
                    with transaction.atomic():
                        self._copy_new_cadres(self.create_instances)
                else:
                    bulk_create_with_history(
                        self.create_instances,
                        Cadre,
                        batch_size=batch_size or BATCH_SIZE,
                        default_user=self.actor,
                        default_change_reason=self._change_reason(),
                    )
            except IntegrityError as exc:
                self._refuse_on_conflict(result, exc)
        self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.update_instances and not self.failed and not dry_run:
            try:
                bulk_update_with_history(
                    self.update_instances,
                    Cadre,
                    [*WRITTEN_FIELDS, "status", "updated_at"],
                    batch_size=batch_size or BATCH_SIZE,
                    default_user=self.actor,
                    default_change_reason=self._change_reason(),
                )
            except IntegrityError as exc:
                self._refuse_on_conflict(result, exc)
        self.update_instances.clear()

    def after_import(self, dataset, result, **kwargs):
        """The segments of every written cadre, and for each history row written by this import the
        segments it records (simple-history's snapshot of the ``segments`` through rows)."""
        if self.failed or result.has_validation_errors() or result.has_errors() or kwargs.get("dry_run"):
            return
        if not self.pending_segments:
            return
        through = Cadre.segments.through
        changed = [
            cadre.pk for cadre, _segments, segments_changed in self.pending_segments if segments_changed
        ]
        existing = [pk for pk in changed if pk in self.existing_segments]
        if existing:
            through.objects.filter(cadre_id__in=existing).delete()
        new_links = [
            (cadre.pk, segment.pk)
            for cadre, segments, segments_changed in self.pending_segments
            if segments_changed
            for segment in segments
        ]
        postgresql = connection.vendor == "postgresql"
        # Through rows by cadre: (id, segment) of the rows written now, then those kept from before.
        links: dict[int, list[tuple[int, str]]] = defaultdict(list)
        if postgresql:
            ids = next_ids(through._meta.db_table, "id", len(new_links))
            copy_rows(
                through._meta.db_table,
                ["id", "cadre_id", "segment_id"],
                (
                    (pk, cadre_id, segment_id)
                    for pk, (cadre_id, segment_id) in zip(ids, new_links, strict=True)
                ),
            )
            for pk, (cadre_id, segment_id) in zip(ids, new_links, strict=True):
                links[cadre_id].append((pk, segment_id))
        else:
            through.objects.bulk_create(
                [through(cadre_id=cadre_id, segment_id=segment_id) for cadre_id, segment_id in new_links],
                batch_size=5000,
            )
        if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            return
        written = [cadre.pk for cadre, _segments, _changed in self.pending_segments]
        if postgresql:
            changed_pks = set(changed)
            kept = [pk for pk in written if pk in self.existing_segments and pk not in changed_pks]
        else:
            kept = written  # read back every through row: their ids are not returned everywhere
        if kept:
            for pk, cadre_id, segment_id in through.objects.filter(cadre_id__in=kept).values_list(
                "pk", "cadre_id", "segment_id"
            ):
                links[cadre_id].append((pk, segment_id))
        missing = [pk for pk in written if pk not in self.history_ids]
        if missing:
            history = Cadre.history.model
            for cadre_id, history_id in history.objects.filter(id__in=missing).values_list(
                "id", "history_id"
            ):
                if history_id > self.history_ids.get(cadre_id, 0):
                    self.history_ids[cadre_id] = history_id
        snapshot = [
            (pk, self.history_ids[cadre_id], cadre_id, segment_id)
            for cadre_id in written
            if cadre_id in self.history_ids
            for pk, segment_id in links.get(cadre_id, ())
        ]
        m2m_history = apps.get_model("cadre", "HistoricalCadre_segments")
        if postgresql:
            copy_rows(m2m_history._meta.db_table, ["id", "history_id", "cadre_id", "segment_id"], snapshot)
        else:
            m2m_history.objects.bulk_create(
                [
                    m2m_history(id=pk, history_id=history_id, cadre_id=cadre_id, segment_id=segment_id)
                    for pk, history_id, cadre_id, segment_id in snapshot
                ],
                batch_size=5000,
            )
