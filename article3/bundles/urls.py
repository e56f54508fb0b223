from django.urls import path

from article3.lazyviews import lazy_views

views = lazy_views("article3.bundles.views")

urlpatterns = [
    path("", views.bundles, name="bundles"),
    path("build/", views.build, name="bundles_build"),
    path("order/", views.reorder, name="bundles_reorder"),
    path("<int:build_id>/", views.build_detail, name="bundles_build_detail"),
    path("<int:build_id>/status/", views.build_status, name="bundles_build_status"),
    path("<int:build_id>/volumes/<int:number>.pdf", views.volume_download, name="bundles_volume"),
]
