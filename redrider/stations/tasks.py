"""Background work of the stations app: none yet — the nearest-station index is rebuilt lazily in
each process when the index token changes (see nearby.py), so no task has to push it."""
