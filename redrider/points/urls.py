from django.urls import path

from . import views

app_name = "points"

urlpatterns = [
    path("", views.rider_home, name="rider_home"),
    path("history/", views.rider_history, name="rider_history"),
    path("console/", views.console_overview, name="console_overview"),
    path("console/fulfil/", views.host_fulfil, name="host_fulfil"),
    path("console/orders.xlsx", views.console_orders_xlsx, name="console_orders_xlsx"),
    path("console/ledger.xlsx", views.console_ledger_xlsx, name="console_ledger_xlsx"),
    path("console/items/new/", views.console_item_form, name="console_item_new"),
    path("console/items/<int:id>/", views.console_item_form, name="console_item_edit"),
    path(
        "console/items/<int:id>/restock/", views.console_item_restock, name="console_item_restock"
    ),
    path("console/benefits/new/", views.console_benefit_form, name="console_benefit_new"),
    path("console/benefits/<int:id>/", views.console_benefit_form, name="console_benefit_edit"),
]
