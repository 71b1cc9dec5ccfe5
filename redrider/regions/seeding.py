from .loader import regions_load

ORDER = 10


def seed(ctx) -> None:
    added = regions_load()
    ctx.log(f"regions: {added} added")
