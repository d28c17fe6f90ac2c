"use strict";
// The report page: an index of every source (#summary, parsed at once) and one line of JSON per
// source (#records, parsed only when the source is shown), so that tens of thousands of sources
// load quickly. Only one page of sources is in the document at a time.
(() => {
  const PAGE_SIZE = 10;
  const summary = JSON.parse(document.getElementById("summary").textContent);
  const records = document.getElementById("records").textContent.split("\n");
  // summary.sources[k]: [name, status ("cleaned", "error", "skipped"), message, {rule: pieces}, {field: articles}, articles]
  const sources = summary.sources;
  const rules = summary.rules; // rule id → [pieces, description, field, origin]
  const state = { filter: "", query: "", page: 0, shown: [] };

  const $ = (id) => document.getElementById(id);

  /** An element with attributes and children (strings become text: nothing is parsed as HTML). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "style") node.style.cssText = value;
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat(Infinity)) {
      if (child !== null && child !== undefined) node.append(child);
    }
    return node;
  }

  /** A rule's colour, the same on every page for the same id. */
  function hue(rule) {
    let h = 0;
    for (let i = 0; i < rule.length; i++) h = (h * 31 + rule.charCodeAt(i)) % 360;
    return `--hue: ${h}`;
  }

  function describe(rule) {
    return rules[rule] ? rules[rule][1] : "";
  }

  // ---- overview ----

  function overview() {
    $("meta").textContent = `cleaner ${summary.version}`;
    const t = summary.totals;
    const totals = [["Sources", t.sources], ["Articles", t.articles], ["Failed", t.failed], ["Skipped", t.skipped],
      ["Pieces removed", Object.values(rules).reduce((n, r) => n + r[0], 0)]];
    $("totals").replaceChildren(...totals.map(([name, n]) => el("div", {}, el("dt", {}, name), el("dd", {}, String(n)))));
    if (summary.missing.length) {
      const missing = $("missing");
      missing.hidden = false;
      missing.textContent = `${summary.missing.length} sources were written by the stopped run that this run ` +
        `resumed, which kept no report of them, so they are not shown: ${summary.missing.slice(0, 20).join(", ")}` +
        (summary.missing.length > 20 ? ", …" : "");
    }
    $("rule-table").tBodies[0].replaceChildren(...Object.entries(rules).map(([id, [n, text, field]]) =>
      el("tr", {},
        el("td", {}, el("button", { type: "button", class: "link", "data-filter": `rule:${id}`,
          title: `Show only the sources where ${id} removed something` }, el("span", { class: "chip", style: hue(id) }, id))),
        el("td", { class: "n" }, String(n)),
        el("td", {}, field === "drop" ? "dropped" : field),
        el("td", {}, text))));
    $("field-table").tBodies[0].replaceChildren(...Object.entries(summary.fields).map(([field, n]) =>
      el("tr", {},
        el("td", {}, el("button", { type: "button", class: "link", "data-filter": `field:${field}`,
          title: `Show only the sources with a ${field}` }, field)),
        el("td", { class: "n" }, String(n)))));
    const filter = $("filter");
    filter.replaceChildren(
      el("option", { value: "" }, "every source"),
      el("optgroup", { label: "Sources where a rule removed something" },
        Object.entries(rules).map(([id, [n]]) => el("option", { value: `rule:${id}` }, `${id} (${n})`))),
      el("optgroup", { label: "Sources with articles that have a field" },
        Object.entries(summary.fields).map(([field, n]) => el("option", { value: `field:${field}` }, `${field} (${n})`))),
      el("optgroup", { label: "Problems" },
        el("option", { value: "problem:" }, `failed or skipped (${summary.totals.failed + summary.totals.skipped})`)));
  }

  // ---- which sources show ----

  function matches(k) {
    const [name, status, , ruleCounts, fieldCounts] = sources[k];
    const [kind, value] = state.filter.split(/:(.*)/s);
    if (kind === "rule" && !ruleCounts[value]) return false;
    if (kind === "field" && !fieldCounts[value]) return false;
    if (kind === "problem" && status === "cleaned") return false;
    if (!state.query) return true;
    // The raw record holds every text of the source: a plain search needs no parsing.
    return name.toLowerCase().includes(state.query) || records[k].toLowerCase().includes(state.query);
  }

  function select() {
    state.shown = [];
    for (let k = 0; k < sources.length; k++) if (matches(k)) state.shown.push(k);
    state.page = 0;
    const total = sources.length;
    $("count").textContent = state.shown.length === total ? `${total} sources`
      : `${state.shown.length} of ${total} sources match`;
    render();
  }

  // ---- one source ----

  /** Text with each match of the search marked. */
  function highlighted(text) {
    if (!state.query) return [text];
    const parts = [];
    const lower = text.toLowerCase();
    let at = 0;
    for (let i = lower.indexOf(state.query); i >= 0; i = lower.indexOf(state.query, at)) {
      parts.push(text.slice(at, i), el("mark", {}, text.slice(i, i + state.query.length)));
      at = i + state.query.length;
    }
    parts.push(text.slice(at));
    return parts;
  }

  /** Whether the current filter is about this removed piece ([text, rule, field, reason]). */
  function wanted(piece) {
    const [kind, value] = state.filter.split(/:(.*)/s);
    if (kind === "rule") return piece[1] === value;
    if (kind === "field") return piece[2] === value;
    return true;
  }

  function pieceNode(piece) {
    const [text, rule, field, reason] = piece;
    const why = [`${rule}: ${describe(rule)}`];
    if (reason) why.push(`Here: ${reason}.`);
    why.push(field ? `Kept as the article's ${field}.` : "Dropped.");
    return el("span", { class: "piece", style: hue(rule), "data-rule": rule, "data-field": field || "" },
      // The rule's name comes first, so that it shows even when a long piece is cut to one row.
      el("span", { class: "chip", "aria-hidden": "true" }, rule),
      field ? el("span", { class: "chip to", "aria-hidden": "true" }, `→ ${field}`) : null,
      el("span", { class: "sr-only" }, field ? `moved to ${field} by ${rule}: ` : `removed by ${rule}: `),
      el(field ? "ins" : "del", {}, highlighted(text)),
      el("span", { class: "why", role: "tooltip" }, why.join(" ")));
  }

  function lineNode(entry) {
    const [number, ...pieces] = entry;
    const removed = pieces.filter((p) => typeof p !== "string");
    return el("li", { class: removed.length ? "removed" : "kept", tabindex: removed.length ? "0" : null,
      hidden: removed.length > 0 && !removed.some(wanted) },
      el("span", { class: "ln" }, String(number)),
      el("span", { class: "body" }, pieces.map((p) => typeof p === "string" ? el("span", {}, highlighted(p)) : pieceNode(p))));
  }

  function breakNode(b) {
    const [, line, accepted, p, threshold, note, cues] = b;
    const verdict = accepted ? "New story" : "Weighed, no break";
    const top = [...cues].sort((x, y) => Math.abs(y[2]) - Math.abs(x[2])).slice(0, 3)
      .map(([name, , value]) => `${name} ${value >= 0 ? "+" : ""}${value.toFixed(2)}`).join(", ");
    return el("li", { class: `break ${accepted ? "yes" : "no"}` },
      el("details", {},
        el("summary", {}, `${verdict} at line ${line}: p ${p.toFixed(2)}, a break from ${threshold.toFixed(2)}` +
          (top ? ` (${top})` : "") + note),
        el("table", {},
          el("caption", { class: "sr-only" }, `The cues weighed at line ${line}`),
          el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Cue"), el("th", { scope: "col", class: "n" }, "Value"),
            el("th", { scope: "col", class: "n" }, "Contribution"))),
          el("tbody", {}, cues.map(([name, value, contribution]) => el("tr", {},
            el("td", {}, name), el("td", { class: "n" }, String(value)),
            el("td", { class: `n ${contribution >= 0 ? "plus" : "minus"}` },
              `${contribution >= 0 ? "+" : ""}${contribution.toFixed(2)}`)))))));
  }

  function articleNode(article, count) {
    const [index, title, date, dateline, byline, captions, path] = article;
    const facts = [["title", title], ["date", date], ["dateline", dateline], ["byline", byline],
      ["captions", captions.length ? captions.join(" | ") : null]].filter(([, v]) => v);
    return el("li", { class: "article-head" },
      el("strong", {}, `Article ${index + 1} of ${count}`), path ? ` → ${path}` : "",
      facts.length ? el("dl", {}, facts.map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)])) : null);
  }

  function sourceNode(k) {
    const [name, status, message] = sources[k];
    const head = el("h3", {}, el("span", { class: "pos" }, `#${k + 1}`), " ", name);
    if (status !== "cleaned") {
      return el("article", { class: "source", id: `source-${k}` }, head,
        el("p", { class: "problem" }, `${status === "error" ? "Failed" : "Skipped"}: ${message}`));
    }
    const record = JSON.parse(records[k]);
    const pieces = Object.values(record.rules).reduce((n, c) => n + c, 0);
    const facts = [`${record.articles.length} article${record.articles.length === 1 ? "" : "s"}`,
      `${pieces} piece${pieces === 1 ? "" : "s"} removed`, `${record.lines.length} lines`];
    const list = el("ol", { class: "lines", "aria-label": `Lines of ${name}` });
    const breaks = new Map(record.breaks.map((b) => [b[0], b]));
    let article = 0;
    let blanks = 0;
    const flushBlanks = () => {
      // One blank line is a gap between paragraphs; a run of them can be a cue for a break, so it is told.
      if (blanks === 1) list.append(el("li", { class: "gap", "aria-hidden": "true" }));
      else if (blanks) list.append(el("li", { class: "blank" }, el("span", { class: "ln" }, ""),
        el("span", {}, `${blanks} blank lines`)));
      blanks = 0;
    };
    record.lines.forEach((entry, position) => {
      const b = breaks.get(position);
      if (b) {
        flushBlanks();
        list.append(breakNode(b));
        if (b[2] && article + 1 < record.articles.length) list.append(articleNode(record.articles[++article], record.articles.length));
      } else if (position === 0 && record.articles.length) {
        list.append(articleNode(record.articles[0], record.articles.length));
      }
      if (entry.length === 1) blanks++;
      else { flushBlanks(); list.append(lineNode(entry)); }
    });
    flushBlanks();
    return el("article", { class: "source", id: `source-${k}` }, head,
      el("p", { class: "facts" }, facts.join(" · ")),
      record.warnings.map((w) => el("p", { class: "note" }, `Warning: ${w}`)),
      record.notes.map(([line, by, note]) => el("p", { class: "note" }, `Line ${line}, ${by === "reader" ? "the reader" : by}: ${note}`)),
      list);
  }

  // ---- the page of sources ----

  function pager() {
    const pages = Math.max(1, Math.ceil(state.shown.length / PAGE_SIZE));
    const from = state.page * PAGE_SIZE;
    const label = state.shown.length
      ? `Sources ${from + 1}–${Math.min(from + PAGE_SIZE, state.shown.length)} of ${state.shown.length}, page ${state.page + 1} of ${pages}`
      : "No source matches";
    return [
      el("button", { type: "button", "data-page": "-1", disabled: state.page === 0 }, "← Previous"),
      el("span", {}, label),
      el("button", { type: "button", "data-page": "1", disabled: state.page >= pages - 1 }, "Next →"),
    ];
  }

  function render() {
    const from = state.page * PAGE_SIZE;
    $("sources").replaceChildren(...state.shown.slice(from, from + PAGE_SIZE).map(sourceNode));
    for (const nav of document.querySelectorAll(".pager")) nav.replaceChildren(...pager());
  }

  function turn(step) {
    const pages = Math.ceil(state.shown.length / PAGE_SIZE);
    const page = state.page + step;
    if (page < 0 || page >= pages) return false;
    state.page = page;
    render();
    return true;
  }

  /** Focus the next (step 1) or previous (-1) shown removal, turning the page when there is none left here. */
  function jump(step) {
    const all = () => [...document.querySelectorAll("#sources li.removed:not([hidden])")];
    let removals = all();
    const at = removals.indexOf(document.activeElement);
    let next = at < 0 ? (step > 0 ? 0 : removals.length - 1) : at + step;
    while (next < 0 || next >= removals.length) {
      if (!turn(step)) return;
      removals = all();
      next = step > 0 ? 0 : removals.length - 1;
    }
    removals[next].focus();
    removals[next].scrollIntoView({ block: "center" });
  }

  // ---- events ----

  function setFilter(value) {
    state.filter = value;
    $("filter").value = value;
    select();
  }

  $("filter").addEventListener("change", (e) => setFilter(e.target.value));
  $("compact").addEventListener("change", (e) => $("sources").classList.toggle("compact", e.target.checked));
  let typing = 0;
  $("search").addEventListener("input", (e) => {
    clearTimeout(typing);
    typing = setTimeout(() => { state.query = e.target.value.trim().toLowerCase(); select(); }, 250);
  });
  $("controls").addEventListener("submit", (e) => e.preventDefault());
  document.addEventListener("click", (e) => {
    const filter = e.target.closest("[data-filter]");
    if (filter) { setFilter(filter.dataset.filter); $("browse").scrollIntoView(); }
    const page = e.target.closest("[data-page]");
    if (page) { turn(Number(page.dataset.page)); $("browse").scrollIntoView(); }
  });
  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.target.closest("input, select, textarea")) {
      if (e.key === "Escape") e.target.blur();
      return;
    }
    const keys = { n: () => jump(1), p: () => jump(-1), "]": () => turn(1), "[": () => turn(-1), "/": () => $("search").focus() };
    if (keys[e.key]) { e.preventDefault(); keys[e.key](); }
  });

  overview();
  select();
})();
