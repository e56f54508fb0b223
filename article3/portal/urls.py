from django.urls import path

from article3.lazyviews import lazy_views

views = lazy_views("article3.portal.views")

urlpatterns = [
    path("", views.home, name="portal_home"),
    path("safety-plan/", views.safety_plan, name="portal_safety_plan"),
    path("questions/", views.questions, name="portal_questions"),
    path("answers/<int:pk>/", views.answer_edit, name="portal_answer"),
    path("send/", views.upload, name="portal_upload"),
    path("messages/", views.messages_page, name="portal_messages"),
]
