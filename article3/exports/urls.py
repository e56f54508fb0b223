from django.urls import path

from article3.lazyviews import lazy_views

views = lazy_views("article3.exports.views")

# Included under cases/<uuid:case_id>/.
urlpatterns = [
    path("exports/<int:export_id>/", views.export_detail, name="case_export"),
    path("exports/<int:export_id>/status/", views.export_status, name="case_export_status"),
    path("exports/<int:export_id>/download/", views.export_file, name="case_export_download"),
]
