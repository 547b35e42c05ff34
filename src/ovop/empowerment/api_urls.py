"""The empowerment API under /api/v1/empowerment/: reads for every role that may read the
app's records, writes (POST, PATCH, DELETE) for facilitators in their villages and officers."""

from django.urls import URLPattern, URLResolver, path

from ovop.empowerment import (
    api,
    api_write_actions,
    api_write_cycles,
    api_write_files,
    api_write_groups,
    api_write_meetings,
    api_write_stages,
)

P = "empowerment/"


def _path(route: str, view: type, name: str) -> URLPattern:
    return path(P + route, view.as_view(), name=f"api-empowerment-{name}")  # type: ignore[attr-defined]


urlpatterns: list[URLPattern | URLResolver] = [
    # groups, members, people, themes
    _path("groups/", api_write_groups.GroupListCreate, "group-list"),
    _path("groups/<int:pk>/", api_write_groups.GroupDetailChange, "group-detail"),
    _path("groups/<int:pk>/archive/", api_write_groups.GroupArchive, "group-archive"),
    _path("groups/<int:pk>/restore/", api_write_groups.GroupRestore, "group-restore"),
    _path("groups/<int:pk>/members/", api_write_groups.GroupMembers, "group-members"),
    _path("members/<int:pk>/", api_write_groups.MemberDetailChange, "member-detail"),
    _path("people/", api.PersonList, "person-list"),
    _path("people/<int:pk>/", api_write_groups.PersonDetailChange, "person-detail"),
    _path("themes/", api.ThemeList, "theme-list"),
    # cycles and what their stages hold
    _path("cycles/", api_write_cycles.CycleListCreate, "cycle-list"),
    _path("cycles/<int:pk>/", api.CycleDetail, "cycle-detail"),
    _path("cycles/<int:pk>/advance/", api_write_cycles.CycleAdvance, "cycle-advance"),
    _path("cycles/<int:pk>/back/", api_write_cycles.CycleBack, "cycle-back"),
    _path("cycles/<int:pk>/close/", api_write_cycles.CycleClose, "cycle-close"),
    _path("cycles/<int:pk>/experiences/", api_write_stages.ExperienceAdd, "experience-add"),
    _path("experiences/<int:pk>/", api_write_stages.ExperienceChange, "experience-detail"),
    _path("cycles/<int:pk>/reasons/", api_write_stages.ReasonAdd, "reason-add"),
    _path("reasons/<int:pk>/", api_write_stages.ReasonChange, "reason-detail"),
    _path("cycles/<int:pk>/problems/", api_write_stages.ProblemAdd, "problem-add"),
    _path("problems/<int:pk>/", api_write_stages.ProblemChange, "problem-detail"),
    _path("problems/<int:pk>/choose/", api_write_stages.ProblemChoose, "problem-choose"),
    _path("cycles/<int:pk>/power-bases/", api_write_stages.PowerBaseAdd, "power-base-add"),
    _path("power-bases/<int:pk>/", api_write_stages.PowerBaseChange, "power-base-detail"),
    # the action plan, and the proposals it makes (read-only)
    _path("cycles/<int:pk>/actions/", api_write_actions.ActionAdd, "action-add"),
    _path("actions/", api.ActionList, "action-list"),
    _path("actions/<int:pk>/", api_write_actions.ActionDetailChange, "action-detail"),
    _path("actions/<int:pk>/progress/", api_write_actions.ActionProgress, "action-progress"),
    _path("proposals/", api.ProposalList, "proposal-list"),
    _path("proposals/<int:pk>/", api.ProposalDetail, "proposal-detail"),
    # meetings
    _path("meetings/", api_write_meetings.MeetingListCreate, "meeting-list"),
    _path("meetings/<int:pk>/", api_write_meetings.MeetingDetailChange, "meeting-detail"),
    _path("meetings/<int:pk>/record/", api_write_meetings.MeetingRecord, "meeting-record"),
    _path("meetings/<int:pk>/photos/", api_write_files.MeetingPhotoAdd, "meeting-photos"),
    _path("meetings/<int:pk>/sheet/", api_write_files.MeetingSheetSet, "meeting-sheet"),
]
