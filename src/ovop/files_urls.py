"""Uploaded files under /files/: each kind served by its app's view, which applies the
record's scope. Nothing is served from /media/."""

from django.urls import URLPattern, path

from ovop.catalogue.views_files import catalogue_photo_file, proposal_photo_file
from ovop.empowerment.views_meeting_files import meeting_photo_file, meeting_sheet_file
from ovop.enterprises.views_files import product_photo_file
from ovop.planning.views_files import cost_receipt_file
from ovop.rating.views_files import assessment_photo_file

app_name = "files"

urlpatterns: list[URLPattern] = [
    path("product-photos/<int:pk>/", product_photo_file, name="product_photo"),
    path("assessment-photos/<int:pk>/", assessment_photo_file, name="assessment_photo"),
    path("meeting-photos/<int:pk>/", meeting_photo_file, name="meeting_photo"),
    path("attendance-sheets/<int:pk>/", meeting_sheet_file, name="meeting_sheet"),
    path("receipts/<int:pk>/", cost_receipt_file, name="cost_receipt"),
    path(
        "catalogue-photos/<int:pk>/<str:variant>",
        catalogue_photo_file,
        name="catalogue_photo",
    ),
    path(
        "proposal-photos/<int:pk>/<str:variant>",
        proposal_photo_file,
        name="proposal_photo",
    ),
]
