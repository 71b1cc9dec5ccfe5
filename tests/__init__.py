"""Tests of the platform as a whole: the API contract of DESIGN §5 end to end, the demo data of
every app together, the settings. They sit outside the `redrider` package because they use every
app at once, which no single app's tests may (the layer order of DESIGN §3)."""
