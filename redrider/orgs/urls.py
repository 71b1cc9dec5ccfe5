from django.urls import path

from . import views

app_name = "orgs"

urlpatterns = [
    path("guidance-stations/", views.guidance_station_list, name="guidance_stations"),
    path("guidance-stations/<int:pk>/", views.guidance_station_detail, name="guidance_station"),
    path("guidance-stations/<int:pk>/ledger.xlsx", views.ledger_xlsx, name="ledger_xlsx"),
    path("<slug:kind>/", views.org_list, name="list"),
]
