"""Querysets of the activities app. Every one is a ScopedQuerySet: reads go through
``restrict(user, action)``.

A coordination meeting is also seen by the offices that took part in it (a regency attending its province's
rakor, a province attending KPU RI's): ``CoordinationMeetingQuerySet.restrict`` adds them to the organiser's
jurisdiction, with the same role rules. Only viewing reaches participants; changing stays with the
organiser's jurisdiction.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from kernel.scoping import ScopedQuerySet, jurisdiction_of
from kernel.scoping.jurisdiction import NATIONAL, PROVINCE, REGENCY
from kernel.scoping.policy import role_may


class CoordinationMeetingQuerySet(ScopedQuerySet):
    def restrict(self, user, action: str = "view"):
        if action != "view" or not role_may(user, action):
            return super().restrict(user, action)
        jurisdiction = jurisdiction_of(user)
        if jurisdiction.level == NATIONAL:
            return self
        from activities.models import CoordinationMeeting  # here: activities.models imports this module

        participants = CoordinationMeeting.participants.through.objects.filter(
            coordinationmeeting_id=OuterRef("pk")
        )
        if jurisdiction.level == PROVINCE:
            own = Q(province_id=jurisdiction.province_code)
            participants = participants.filter(office__province_id=jurisdiction.province_code)
        elif jurisdiction.level == REGENCY:
            own = Q(regency_id=jurisdiction.regency_code)
            participants = participants.filter(office__regency_id=jurisdiction.regency_code)
        else:
            return self.none()
        return self.filter(own | Q(Exists(participants)))
