// lingtan web: score as you type, progress of a check, drag and drop of files. No other scripts, nothing from the network.
"use strict";
(function () {
  const csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  // Enterprise form: the assessment panel follows the form (debounced), rendered by the server.
  const form = document.getElementById("app-form");
  const result = document.getElementById("result");
  if (form && result && form.dataset.assessUrl) {
    let timer = null, seq = 0;
    const update = () => {
      const mine = ++seq;
      fetch(form.dataset.assessUrl, {method: "POST", body: new FormData(form), headers: {"X-CSRF-Token": csrf}, credentials: "same-origin"})
        .then(r => r.text()).then(html => { if (mine === seq) { result.innerHTML = html; result.dataset.updates = String(mine); } })
        .catch(() => {});
    };
    const later = () => { clearTimeout(timer); timer = setTimeout(update, 400); };
    form.addEventListener("input", later);
    form.addEventListener("change", later);
  }

  // A check running in the background: poll its state, reload when it ends.
  const prog = document.getElementById("progress");
  if (prog && prog.dataset.statusUrl) {
    const poll = () => {
      fetch(prog.dataset.statusUrl, {headers: {"Accept": "application/json"}, credentials: "same-origin"}).then(r => r.json()).then(s => {
        if (s.status === "done" || s.status === "failed") { location.reload(); return; }
        document.getElementById("status-text").textContent = s.status_zh;
        if (s.status === "running") {
          document.getElementById("progress-text").textContent = "已读取 " + s.progress + " / " + s.total + " 个文件";
          const bar = document.getElementById("progress-bar"); bar.max = s.total || 1; bar.value = s.progress;
        }
        setTimeout(poll, 1000);
      }).catch(() => setTimeout(poll, 3000));
    };
    setTimeout(poll, 1000);
  }

  // A batch still being checked: refresh the page now and then.
  const refresh = document.querySelector("[data-refresh]");
  if (refresh) setTimeout(() => location.reload(), 1000 * Number(refresh.dataset.refresh));

  // Drag and drop of files onto the upload area.
  document.querySelectorAll(".drop").forEach(zone => {
    const input = zone.querySelector('input[type="file"]');
    if (!input) return;
    zone.addEventListener("dragover", e => { e.preventDefault(); zone.classList.add("over"); });
    zone.addEventListener("dragleave", () => zone.classList.remove("over"));
    zone.addEventListener("drop", e => {
      e.preventDefault(); zone.classList.remove("over");
      if (e.dataTransfer && e.dataTransfer.files.length) input.files = e.dataTransfer.files;
    });
  });
})();
