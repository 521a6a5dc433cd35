"""The activities of the programme: coordination meetings, cadre trainings, socialisation activities,
evaluations of loci, the targets of each office and its advocacy with stakeholders."""

from .advocacy import AdvocacyDocument, AdvocacyEngagement
from .evaluations import LocusEvaluation
from .meetings import (
    CoordinationMeeting,
    FollowUpAction,
    MeetingAgendaItem,
    MeetingAttachment,
    MeetingAttendee,
    MeetingSpeaker,
)
from .outreach import ActivityPhoto, ActivitySegmentReach, SocialisationActivity
from .targets import Target
from .trainings import TrainingAttendance, TrainingSession

__all__ = [
    "ActivityPhoto",
    "AdvocacyDocument",
    "AdvocacyEngagement",
    "ActivitySegmentReach",
    "CoordinationMeeting",
    "FollowUpAction",
    "LocusEvaluation",
    "MeetingAgendaItem",
    "MeetingAttachment",
    "MeetingAttendee",
    "MeetingSpeaker",
    "SocialisationActivity",
    "Target",
    "TrainingAttendance",
    "TrainingSession",
]
