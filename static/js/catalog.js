// Small progressive enhancements; every page works without them.
document.addEventListener("DOMContentLoaded", () => {
  // Bars (top users, popularity) get their width from data-share: no inline style in the HTML.
  document.querySelectorAll("[data-share]").forEach((bar) => {
    bar.style.width = `${Math.max(0, Math.min(100, Number(bar.dataset.share) || 0))}%`;
  });
  const toggle = document.querySelector("[data-nav-toggle]");
  if (toggle) {
    toggle.addEventListener("click", () => {
      const nav = document.getElementById(toggle.getAttribute("aria-controls"));
      const open = nav.classList.toggle("open");
      toggle.setAttribute("aria-expanded", String(open));
    });
  }
  // Live crawl progress: poll the API while a crawl is queued or running, then reload once.
  document.querySelectorAll("[data-crawl-progress]").forEach((box) => {
    const url = box.dataset.crawlProgress;
    const bar = box.querySelector(".progress > span");
    const label = box.querySelector("[data-phase]");
    const poll = async () => {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const run = await response.json();
      bar.style.width = `${run.progress}%`;
      bar.parentElement.setAttribute("aria-valuenow", String(run.progress));
      label.textContent = `${run.status} · ${run.phase || ""} · ${run.progress}%`;
      if (run.status === "queued" || run.status === "running") {
        setTimeout(poll, 1000);
      } else {
        window.location.reload();
      }
    };
    setTimeout(poll, 500);
  });
});
