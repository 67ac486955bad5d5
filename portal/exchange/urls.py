from django.urls import path

from . import views

app_name = "exchange"
urlpatterns = [
    path("cong-nghe/lien-he/<int:pk>/", views.enquire, name="enquire"),
    path("cong-nghe/lien-he/<int:pk>/da-gui/", views.sent, name="enquiry-sent"),
]
