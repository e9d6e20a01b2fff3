// The query page: a YASGUI editor on /sparql, preloaded with the catalogue of named queries.
(function () {
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: "/sparql", method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
  });
  window.dgkgYasgui = yasgui;
  const select = document.getElementById("catalogue");
  fetch("/api/queries").then((r) => r.json()).then((queries) => {
    for (const q of queries) {
      const option = document.createElement("option");
      option.value = q.name;
      option.textContent = q.name + " — " + q.question;
      select.appendChild(option);
    }
    select.addEventListener("change", () => {
      const q = queries.find((x) => x.name === select.value);
      if (!q) return;
      const tab = yasgui.getTab();
      tab.setQuery(q.example);
      document.getElementById("question").textContent = q.question;
    });
    select.dataset.loaded = String(queries.length);
  });
})();
