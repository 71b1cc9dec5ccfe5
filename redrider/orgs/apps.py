from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "redrider.orgs"
    label = "orgs"
    verbose_name = "组织体系"
