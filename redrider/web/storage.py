"""Static files in production: hashed names (cached for a year by the browser), compressed copies
(gzip and Brotli, served by whitenoise), and the page modules' `import ... from "../web/lib.js"`
rewritten to the hashed names too, so a module never waits on a revalidation of its imports."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True
