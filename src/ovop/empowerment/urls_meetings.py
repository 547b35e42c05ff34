"""Pages of the empowerment app: meetings (plan, print, record, photos, the signed sheet).

The files themselves (photos, the signed sheet) are served under /files/ (``ovop.files_urls``,
views in ``views_meeting_files``)."""

from django.urls import URLPattern, path

from ovop.empowerment import views_meeting_record as record
from ovop.empowerment import views_meetings as meetings

urlpatterns: list[URLPattern] = [
    path("meetings/", meetings.meeting_list, name="meeting_list"),
    path("meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/history/", meetings.meeting_history_page, name="meeting_history"),
    path("meetings/<int:pk>/record/", record.meeting_record, name="meeting_record"),
    path("meetings/<int:pk>/print/", record.meeting_sheet_pdf, name="meeting_sheet_pdf"),
    path("meetings/<int:pk>/photos/", record.meeting_photo_add, name="meeting_photo_add"),
    path("meetings/<int:pk>/sheet/", record.meeting_sheet_set, name="meeting_sheet_set"),
    path(
        "meetings/photos/<int:pk>/remove/",
        record.meeting_photo_remove,
        name="meeting_photo_remove",
    ),
]
