"""How the roster import writes what it has checked: new cadres and their history rows by COPY on PostgreSQL
(ids drawn from the sequences first, nothing read back), updates with their history in bulk, then the
segments of those cadres and the history's snapshot of them.

Every ``BATCH_SIZE`` checked rows go to a writer thread (``kernel.write_behind``) in the import's transaction,
so that PostgreSQL stores one batch, checks its foreign keys and keeps its indexes while the next batch is
checked; a preview (dry run) writes nothing. ``RosterWrites`` is mixed into ``cadre.resources.CadreResource``,
whose ``before_import`` and rows fill ``create_instances``, ``update_instances``, ``pending_segments``,
``existing_segments`` and ``history_ids``, and which reads nothing from the database while its rows are
checked (``WriteBehind``'s rule)."""

from __future__ import annotations

import operator
from collections import defaultdict
from functools import partial

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, connection
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from kernel.copy import copy_cells, copy_lines, copy_rows, next_ids
from kernel.write_behind import WriteBehind
from locus import rules

from .cells import WRITTEN_FIELDS
from .models import Cadre

BATCH_SIZE = 2000


class IdPool:
    """Ids drawn from a table's sequence ahead of the rows that take them (COPY writes the ids itself)."""

    def __init__(self, table: str, column: str):
        self.table, self.column = table, column
        self.ids: list[int] = []

    def draw(self, count: int) -> None:
        """Draw ``count`` more (a query: the caller owns the connection)."""
        self.ids.extend(next_ids(self.table, self.column, count))

    def take(self, count: int) -> list[int]:
        taken, self.ids = self.ids[:count], self.ids[count:]
        return taken


class RosterWrites:
    """The writing half of the roster import resource (see the module's docstring).

    On PostgreSQL the calling thread turns each batch of new cadres into COPY text (cadres, their "+" history
    rows, their segments and the history's snapshot of them: the rows ``bulk_create_with_history`` and the
    through model would write, with ids drawn ahead) and the writer only sends it, so that the writer's
    time is the database's. Updated cadres, and every write on SQLite, go through the ORM in the writer."""

    def _start_writes(self, *, dry_run) -> None:
        """Before the first row: the writer draws the ids the new cadres will take (as many as the file's rows
        whose NIK is not on record in the year, and their segments) while the first batch is checked."""
        self.copying = connection.vendor == "postgresql" and not dry_run
        if not self.copying:
            return
        self.cadre_ids = IdPool(Cadre._meta.db_table, "id")
        self.history_ids_pool = IdPool(Cadre.history.model._meta.db_table, "history_id")
        self.link_ids = IdPool(Cadre.segments.through._meta.db_table, "id")
        self.ids_drawn = False
        expected_cadres, expected_links = self.expected_new

        def draw():
            self.cadre_ids.draw(expected_cadres)
            self.history_ids_pool.draw(expected_cadres)
            self.link_ids.draw(expected_links)

        self.writes.submit(draw)

    def _take_ids(self, cadres: int, links: int) -> tuple[list[int], list[int], list[int]]:
        """Ids for a batch; when the drawn ones do not suffice (rows the estimate missed) the writer is
        waited for and more are drawn here."""
        if not self.ids_drawn:
            self.writes.wait()  # the ids drawn ahead: the writer's only job before the first batch
            self.ids_drawn = True
        if len(self.cadre_ids.ids) < cadres or len(self.link_ids.ids) < links:
            self.writes.wait()
            self.cadre_ids.draw(max(0, cadres - len(self.cadre_ids.ids)))
            self.history_ids_pool.draw(max(0, cadres - len(self.history_ids_pool.ids)))
            self.link_ids.draw(max(0, links - len(self.link_ids.ids)))
        return self.cadre_ids.take(cadres), self.history_ids_pool.take(cadres), self.link_ids.take(links)

    def _copy_payload(self, instances: list[Cadre], pending) -> list[tuple[str, list[str], list[str]]]:
        """New cadres, their "+" history rows, their segment rows and the history's snapshot of those, as
        (table, columns, COPY lines). Sets each instance's id and timestamps as the writes will store them."""
        now = self.now
        segments_of = {id(cadre): segments for cadre, segments, _changed in pending}
        links = sum(len(segments_of.get(id(instance), ())) for instance in instances)
        cadre_ids, history_ids, link_ids = self._take_ids(len(instances), links)
        cadre_fields = Cadre._meta.concrete_fields
        values_of = operator.attrgetter(*(f.attname for f in cadre_fields))
        cadre_lines, converted = [], []
        for instance, pk in zip(instances, cadre_ids, strict=True):
            instance.pk = pk
            instance.created_at = now
            instance.updated_at = now
            cells, line = copy_cells(values_of(instance))
            converted.append(cells)
            cadre_lines.append(line)
            instance._state.adding = False
            instance._state.db = connection.alias
        through = Cadre.segments.through
        link_lines = []
        link_of: list[tuple[int, int, str]] = []  # (through id, cadre id, segment code)
        link_id = iter(link_ids)
        for instance in instances:
            for segment in segments_of.get(id(instance), ()):
                row = (next(link_id), instance.pk, segment.pk)
                link_of.append(row)
                link_lines.append(copy_cells(row)[1])
        payload = [
            (Cadre._meta.db_table, [f.column for f in cadre_fields], cadre_lines),
            (through._meta.db_table, ["id", "cadre_id", "segment_id"], link_lines),
        ]
        if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            return payload
        history = Cadre.history.model
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
        history_lines = []
        history_of = {}
        for instance, cells, history_id in zip(instances, converted, history_ids, strict=True):
            row = [*cells, *fixed_cells, str(history_id)]
            history_lines.append("\t".join([row[index] for index in order]))
            history_of[instance.pk] = history_id
        m2m_history = apps.get_model("cadre", "HistoricalCadre_segments")
        snapshot_lines = [
            f"{pk}\t{history_of[cadre_id]}\t{cadre_id}\t{copy_cells((segment_id,))[1]}"
            for pk, cadre_id, segment_id in link_of
        ]
        payload += [
            (history._meta.db_table, [f.column for f in history_fields], history_lines),
            (m2m_history._meta.db_table, ["id", "history_id", "cadre_id", "segment_id"], snapshot_lines),
        ]
        return payload

    def _set_segment_masks(self, instances: list[Cadre], pending) -> None:
        """New cadres go in with the mask of the segments they are about to get, so that writing those
        segment rows changes no cadre row (the database's trigger compares, and corrects a mask that
        differs: the stored mask stays the database's own)."""
        segments_of = {id(cadre): segments for cadre, segments, _changed in pending}
        for instance in instances:
            instance.segment_mask = rules.segment_mask(segments_of.get(id(instance), ()))

    # --- batches to the writer ---------------------------------------------------------------------------

    def import_data_inner(self, *args, **kwargs):
        self.writes = WriteBehind()
        try:
            return super().import_data_inner(*args, **kwargs)
        finally:
            self.writes.close()

    def save_instance(self, instance, is_create, row, **kwargs):
        super().save_instance(instance, is_create, row, **kwargs)
        if len(self.create_instances) + len(self.update_instances) >= BATCH_SIZE:
            self._hand_over(dry_run=kwargs.get("dry_run"))

    def import_row(self, row, instance_loader, **kwargs):
        if kwargs.get("row_number") == 1:
            self._start_writes(dry_run=kwargs.get("dry_run"))
        row_result = super().import_row(row, instance_loader, **kwargs)
        if kwargs.get("row_number") == self.row_count:
            # The last row: django-import-export's closing writes and ``after_import`` use the connection.
            self._hand_over(dry_run=kwargs.get("dry_run"))
            self.writes.wait()
        return row_result

    def _hand_over(self, *, dry_run) -> None:
        """The rows checked since the last batch, to the writer. A preview (dry run) writes nothing: every
        check of a row is made before its write, and what the database alone could refuse (the same NIK
        registered elsewhere meanwhile) may change before the confirmation anyway, which writes and checks
        again."""
        creates, updates, pending = (
            self.create_instances[:],
            self.update_instances[:],
            self.pending_segments[:],
        )
        self.create_instances.clear()
        self.update_instances.clear()
        self.pending_segments.clear()
        if not (creates or updates) or self.failed or dry_run:
            return
        self._set_segment_masks(creates, pending)
        payload = []
        if creates and self.copying:
            new = {id(instance) for instance in creates}
            payload = self._copy_payload(creates, [entry for entry in pending if id(entry[0]) in new])
            pending = [entry for entry in pending if id(entry[0]) not in new]
            creates = []
        self.writes.submit(partial(self._write_batch, payload, creates, updates, pending))

    def _write_batch(self, payload, creates: list[Cadre], updates: list[Cadre], pending) -> None:
        """One batch, in the writer thread (in its own savepoint): the COPY text of the new cadres, or their
        ORM writes (SQLite), the updates, the segments of the cadres written through the ORM; on PostgreSQL
        the batch's foreign keys are checked at its end, while the next batch is checked."""
        if self.failed:
            return  # a later row was refused: the whole import rolls back
        for table, columns, lines in payload:
            copy_lines(table, columns, lines)
        if creates:
            bulk_create_with_history(
                creates,
                Cadre,
                batch_size=BATCH_SIZE,
                default_user=self.actor,
                default_change_reason=self._change_reason(),
            )
        if updates:
            bulk_update_with_history(
                updates,
                Cadre,
                [*WRITTEN_FIELDS, "status", "updated_at"],
                batch_size=BATCH_SIZE,
                default_user=self.actor,
                default_change_reason=self._change_reason(),
            )
        self._write_segments(pending)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # The foreign keys of the rows written so far, checked now rather than all at the commit.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """After the rows (every batch was handed over and written by then): what the writer met."""
        error = self.writes.wait()
        if error is not None and not getattr(self, "conflict_reported", False):
            if not isinstance(error, IntegrityError):
                raise error
            self.conflict_reported = True
            self._refuse_on_conflict(result, error)
        self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self.update_instances.clear()

    def _write_segments(self, pending) -> None:
        """The segments of the written cadres of ``pending`` ((cadre, segments, changed) each), and for each
        history row written by this import the segments it records (simple-history's snapshot of the
        ``segments`` through rows)."""
        if not pending:
            return
        through = Cadre.segments.through
        changed = [cadre.pk for cadre, _segments, segments_changed in pending if segments_changed]
        existing = [pk for pk in changed if pk in self.existing_segments]
        if existing:
            through.objects.filter(cadre_id__in=existing).delete()
        new_links = [
            (cadre.pk, segment.pk)
            for cadre, segments, segments_changed in pending
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
        written = [cadre.pk for cadre, _segments, _changed in pending]
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
