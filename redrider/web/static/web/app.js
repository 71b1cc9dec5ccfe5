// Small shared behaviour: htmx sends the CSRF token; forms disable their button while sending.
document.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector('meta[name="csrf-token"]');
  if (token) event.detail.headers["X-CSRFToken"] = token.content;
});
document.addEventListener("submit", (event) => {
  const button = event.target.querySelector("button[type=submit], button:not([type])");
  if (button && !event.target.hasAttribute("data-keep-enabled")) {
    setTimeout(() => { button.disabled = true; }, 0);
  }
});
window.redrider = {
  csrf() {
    const token = document.querySelector('meta[name="csrf-token"]');
    return token ? token.content : "";
  },
  async api(path, options = {}) {
    const headers = Object.assign({"Content-Type": "application/json", "X-CSRFToken": this.csrf()},
                                  options.headers || {});
    const response = await fetch(path, Object.assign({credentials: "same-origin"}, options, {headers}));
    const body = response.headers.get("content-type")?.includes("json") ? await response.json() : null;
    if (!response.ok) {
      const error = new Error(body && body.detail ? body.detail : response.statusText);
      error.status = response.status;
      error.body = body;
      throw error;
    }
    return body;
  },
};
