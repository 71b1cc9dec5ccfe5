"""Pages of the rider census: the staff console (console.py) and the rider H5 pages (h5.py)."""
