// A background job's page (rider import, rider export): follows the job until it ends, then
// reloads to show the result. The page marks its parts with data-job-field.
import {api, poll} from "../web/lib.js";

const box = document.querySelector("[data-job-url]");
const RUNNING = ["pending", "running"];

if (box && RUNNING.includes(box.dataset.status)) {
  const field = (name) => box.querySelector(`[data-job-field="${name}"]`);
  poll(() => api(box.dataset.jobUrl), {
    isDone: (job) => !RUNNING.includes(job.status),
    onProgress: (job) => {
      if (field("percent")) field("percent").value = job.percent;
      if (field("count")) field("count").textContent = `${job.processed} / ${job.total}`;
      if (field("phase") && job.phase !== undefined) field("phase").textContent = job.phase;
    },
  }).then(() => window.location.reload());
}
