from django.urls import path

from article3.lazyviews import lazy_views

views = lazy_views("article3.docs.views")

# Included under cases/<uuid:case_id>/documents/.
urlpatterns = [
    path("", views.documents, name="case_docs"),
    path("generate/", views.generate, name="case_docs_generate"),
    path("<int:pk>/file.<str:fmt>", views.download, name="case_docs_download"),
    path("<int:pk>/renumber/", views.renumber, name="case_docs_renumber"),
    path("<int:pk>/link/", views.link, name="case_docs_link"),
    path("safety-plan.docx", views.safety_plan, name="case_docs_safety_plan"),
    path("templates/upload/", views.template_upload, name="case_docs_template_upload"),
    path("templates/<int:pk>/delete/", views.template_delete, name="case_docs_template_delete"),
    path("templates/<slug:kind>.docx", views.template_download, name="case_docs_template"),
]
