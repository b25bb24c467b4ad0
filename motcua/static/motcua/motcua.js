// Starts the design system's components (service navigation on phones, error summary focus,
// buttons that must not be pressed twice) once the page has loaded; no inline script (CSP).
import { initAll } from "./build/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// "Receive and print": a slip page marked so opens the browser's print dialog by itself.
if (document.body.dataset.printOnLoad !== undefined) {
  window.addEventListener("load", () => window.print());
}

// "Every required document was handed in" ticks the documents' own boxes too, so the clerk
// sees what the receipt will list (the server counts the box itself when scripts are off).
for (const all of document.querySelectorAll("[data-tick-all]")) {
  const boxes = document.querySelectorAll(`[data-tick="${all.dataset.tickAll}"]`);
  all.addEventListener("change", () => {
    for (const box of boxes) box.checked = all.checked;
  });
}
