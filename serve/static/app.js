// The query page: run SPARQL against /sparql, show results as a table (IRIs link to entity pages).
(function () {
  "use strict";
  const MAX_ROWS = 5000;
  const $ = (id) => document.getElementById(id);
  const form = $("query-form"), text = $("query"), results = $("results");
  const statusBox = $("status"), errorBox = $("error"), downloads = $("downloads");
  const examples = JSON.parse($("example-data").textContent);
  const idBase = JSON.parse($("config").textContent).idBase;

  function href(iri) {
    if (iri.startsWith(idBase)) return "/id/" + iri.slice(idBase.length);
    return "/entity?iri=" + encodeURIComponent(iri);
  }

  function tripleText(t) {
    const part = (x) => x.type === "uri" ? "<" + x.value + ">"
      : x.type === "triple" ? tripleText(x.value)
      : x.type === "bnode" ? "_:" + x.value : JSON.stringify(x.value);
    return "<< " + part(t.subject) + " " + part(t.predicate) + " " + part(t.object) + " >>";
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "triple") {
      td.textContent = tripleText(term.value);
      td.className = "triple";
      return td;
    }
    if (term.type === "uri") {
      const a = document.createElement("a");
      a.href = href(term.value);
      a.textContent = term.value;
      a.title = term.value;
      td.appendChild(a);
    } else if (term.type === "bnode") {
      td.textContent = "_:" + term.value;
      td.className = "bnode";
    } else {
      td.textContent = term.value;
      const extra = term["xml:lang"] ? "@" + term["xml:lang"]
        : (term.datatype && !term.datatype.endsWith("#string") ? "^^" + term.datatype.replace(/^.*[#/]/, "xsd:") : "");
      if (extra) {
        const span = document.createElement("span");
        span.className = "dt";
        span.textContent = extra;
        td.appendChild(span);
      }
    }
    return td;
  }

  function table(data) {
    const vars = data.head.vars || [];
    const rows = data.results.bindings;
    const t = document.createElement("table");
    const head = t.createTHead().insertRow();
    for (const v of vars) {
      const th = document.createElement("th");
      th.textContent = v;
      head.appendChild(th);
    }
    const body = t.createTBody();
    for (const row of rows.slice(0, MAX_ROWS)) {
      const tr = body.insertRow();
      for (const v of vars) tr.appendChild(cell(row[v]));
    }
    return t;
  }

  function setDownloads(q) {
    for (const fmt of ["csv", "json", "tsv", "xml"]) {
      const a = $("dl-" + fmt);
      a.href = "/sparql?format=" + fmt + "&query=" + encodeURIComponent(q);
      a.download = "results." + fmt;
    }
    downloads.hidden = false;
  }

  function showError(msg) {
    errorBox.textContent = msg;
    errorBox.hidden = false;
  }

  async function run() {
    const q = text.value;
    errorBox.hidden = true;
    results.textContent = "";
    downloads.hidden = true;
    statusBox.textContent = "Running…";
    const t0 = performance.now();
    let resp;
    try {
      resp = await fetch("/sparql", {
        method: "POST",
        headers: {"Content-Type": "application/x-www-form-urlencoded",
                  "Accept": "application/sparql-results+json, text/turtle;q=0.9"},
        body: new URLSearchParams({query: q}),
      });
    } catch (e) {
      statusBox.textContent = "";
      showError("The server cannot be reached: " + e);
      return;
    }
    const ms = Math.round(performance.now() - t0);
    const type = resp.headers.get("Content-Type") || "";
    const body = await resp.text();
    if (!resp.ok) {
      statusBox.textContent = "Error " + resp.status + " after " + ms + " ms";
      showError(body);
      return;
    }
    history.replaceState(null, "", "/?query=" + encodeURIComponent(q));
    if (type.includes("json")) {
      const data = JSON.parse(body);
      if ("boolean" in data) {
        statusBox.textContent = "ASK: " + data.boolean + " (" + ms + " ms)";
        return;
      }
      const n = data.results.bindings.length;
      statusBox.textContent = n + " row" + (n === 1 ? "" : "s") + " in " + ms + " ms"
        + (n > MAX_ROWS ? " (showing the first " + MAX_ROWS + "; download for all)" : "");
      results.appendChild(table(data));
      setDownloads(q);
    } else {
      statusBox.textContent = "Graph (Turtle) in " + ms + " ms";
      const pre = document.createElement("pre");
      pre.className = "graph";
      pre.textContent = body;
      results.appendChild(pre);
    }
  }

  form.addEventListener("submit", (e) => { e.preventDefault(); run(); });
  text.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); }
  });
  $("examples").addEventListener("change", (e) => {
    if (e.target.value !== "") text.value = examples[Number(e.target.value)];
  });
  const initial = new URLSearchParams(location.search).get("query");
  if (initial) { text.value = initial; run(); }
})();
