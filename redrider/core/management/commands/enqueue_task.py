"""`redrider enqueue_task DOTTED.PATH`: put a django-tasks task on the queue (the schedule's
way to start the jobs that exist only as tasks; the worker runs them)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "把一个后台任务放入队列 / enqueue a background task by its dotted path"

    def add_arguments(self, parser):
        parser.add_argument("task", help="e.g. redrider.workplan.tasks.workplan_digest_weekly")

    def handle(self, *args, **options):
        path = options["task"]
        if not path.startswith("redrider."):
            raise CommandError("only the project's own tasks (redrider.…) are enqueued")
        try:
            task = import_string(path)
        except ImportError as exc:
            raise CommandError(f"no task {path}: {exc}") from None
        if not hasattr(task, "enqueue"):
            raise CommandError(f"{path} is not a task")
        result = task.enqueue()
        self.stdout.write(f"enqueue_task: {path} → {result.id}")
