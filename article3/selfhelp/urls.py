from django.urls import path

from article3.lazyviews import lazy_views

views = lazy_views("article3.selfhelp.views")

urlpatterns = [
    path("", views.start, name="selfhelp_start"),
    path("resume/", views.resume, name="selfhelp_resume"),
    path("q/<slug:step>/", views.step, name="selfhelp_step"),
    path("review/", views.review, name="selfhelp_review"),
    path("summary/", views.summary, name="selfhelp_summary"),
    path("package/", views.package, name="selfhelp_package"),
    path("hand-over/", views.hand_over, name="selfhelp_hand_over"),
    path("stop/", views.stop, name="selfhelp_stop"),
    path("clear/", views.clear, name="selfhelp_clear"),
    path("words/", views.glossary, name="selfhelp_glossary"),
    path("deadlines/", views.deadlines, name="selfhelp_deadlines"),
]
