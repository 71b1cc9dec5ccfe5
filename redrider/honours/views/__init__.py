"""Honours pages: the public honour wall, rider pages, the juror's desk and the staff console."""
