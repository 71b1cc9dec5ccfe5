from django.urls import path

from .views import console, files, jury, public, rider

app_name = "honours"

urlpatterns = [
    # Staff console
    path("", console.home, name="console_home"),
    path("campaigns/<int:pk>/", console.campaign, name="console_campaign"),
    path(
        "campaigns/<int:pk>/<str:action>/",
        console.campaign_action,
        name="console_campaign_action",
    ),
    path("campaigns/<int:pk>/jurors", console.jurors, name="console_jurors"),
    path("campaigns/<int:pk>/nominate", console.nominate, name="console_nominate"),
    path("nominations/<int:pk>/", console.nomination, name="console_nomination"),
    path("nominations/<int:pk>/objections", console.objections, name="console_objections"),
    path("nominations/<int:pk>/photos", console.nomination_photos, name="console_photos"),
    path("sites/", console.sites, name="console_sites"),
    path("sites/<int:pk>/", console.site, name="console_site"),
    path("publicity/", console.publicity, name="console_publicity"),
    # The juror's desk
    path("jury/", jury.home, name="jury_home"),
    path("jury/seats/<int:pk>/declare", jury.declare, name="jury_declare"),
    path("jury/nominations/<int:pk>/", jury.score, name="jury_score"),
    # Rider pages
    path("rider/", rider.home, name="rider_home"),
    path("rider/pledge/", rider.sign, name="rider_pledge"),
    path("rider/roles", rider.roles, name="rider_roles"),
    path("rider/nominate/", rider.nominate, name="rider_nominate"),
    # Public pages (no sign-in)
    path("wall/", public.wall, name="wall"),
    path("wall/<int:pk>/", public.exemplar, name="wall_exemplar"),
    path("notice/<int:pk>/", public.notice, name="notice"),
    path("brands/<slug:slug>/", public.brand, name="brand"),
    path("s/<int:pk>/", public.story, name="story"),
    # Files
    path("files/exemplars/<int:pk>", files.exemplar_photo, name="exemplar_photo"),
    path("files/brands/<int:pk>", files.brand_logo, name="brand_logo"),
    path("files/stories/<int:pk>", files.story_photo, name="story_photo"),
    path("files/assets/<int:pk>", files.asset_file, name="asset_file"),
    path("files/nominations/<int:pk>", files.nomination_photo, name="nomination_photo"),
    path("files/sites/<int:pk>", files.site_photo, name="site_photo"),
]
