// /api/v1/docs: Swagger UI from our own static files (swagger-ui-dist in package.json), so the
// API documentation works on an intranet with no internet; settings come from the page as JSON.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("swagger-settings").textContent);
  const csrf = document.body.dataset.csrfToken;
  config.dom_id = "#swagger-ui";
  config.presets = [SwaggerUIBundle.presets.apis];
  if (csrf) {
    config.requestInterceptor = (req) => { req.headers["X-CSRFToken"] = csrf; return req; };
  }
  window.ui = SwaggerUIBundle(config);
})();
