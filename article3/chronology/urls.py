from django.urls import path

from article3.chronology import views

urlpatterns = [
    path("", views.chronology, name="case_chronology"),
]
