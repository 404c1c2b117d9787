// The rpledger dashboard: read-only, and built only on the public GraphQL API, so it shows what any other front end
// would. Every figure is judged at one moment (asOf, the time of fetching), so the sections agree with each other.
"use strict";

(() => {
  const TOKEN_KEY = "rpledger.dashboard.token";
  const DUE_WINDOW_HOURS = 12;
  const PAGE_SIZE = 100;
  const MAX_PAGES = 500; // a cursor that never ends must not keep the page fetching for ever
  const SVG = "http://www.w3.org/2000/svg";

  // ------------------------------------------------------------------------------------------------ the token

  // The fragment is never sent to a server or in a Referer; taking it out of the address bar keeps it out of
  // bookmarks, history and screenshots. sessionStorage forgets it when the tab closes.
  function takeToken() {
    const fragment = new URLSearchParams(location.hash.slice(1));
    const given = fragment.get("token");
    if (given) {
      sessionStorage.setItem(TOKEN_KEY, given.trim());
      history.replaceState(null, "", location.pathname + location.search);
    }
    return sessionStorage.getItem(TOKEN_KEY);
  }

  // Only to fill the location list and say whose token it is: the server checks the token, the page never does.
  function claimsOf(token) {
    try {
      const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
      const bytes = Uint8Array.from(atob(part + "=".repeat((4 - (part.length % 4)) % 4)), (c) => c.charCodeAt(0));
      const claims = JSON.parse(new TextDecoder().decode(bytes));
      return claims && typeof claims === "object" ? claims : {};
    } catch (_) {
      return {};
    }
  }

  // ------------------------------------------------------------------------------------------------ GraphQL

  class FetchError extends Error {
    constructor(message, unauthorised = false) {
      super(message);
      this.unauthorised = unauthorised;
    }
  }

  async function graphql(token, query, variables) {
    let response;
    try {
      response = await fetch("/graphql", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json", Authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
        cache: "no-store",
        credentials: "omit",
      });
    } catch (error) {
      throw new FetchError(`Could not reach rpledger (${error.message}). Check the connection and press Refresh.`);
    }
    if (response.status === 401) {
      const why = "rpledger did not accept your token (HTTP 401). It may have expired: paste a new one.";
      throw new FetchError(why, true);
    }
    if (response.status === 403) throw new FetchError("Your token does not allow this (HTTP 403).");
    let body;
    try {
      body = await response.json();
    } catch (_) {
      throw new FetchError(`rpledger answered HTTP ${response.status}, not with GraphQL.`);
    }
    if (body.errors && body.errors.length) {
      throw new FetchError(`rpledger could not answer: ${body.errors.map((e) => e.message).join("; ")}`);
    }
    if (!response.ok || !body.data) throw new FetchError(`rpledger answered HTTP ${response.status}.`);
    return body.data;
  }

  const CASES = `query DashboardCases($locationId: String!, $asOf: DateTime!, $first: Int!, $after: String) {
    cases(locationId: $locationId, asOf: $asOf, first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { id personRef obligations { id ruleId description dueAt status timeToReviewSeconds } }
    }
  }`;
  const REGISTER = `query DashboardRegister($locationId: String!, $asOf: DateTime!, $first: Int!, $after: String) {
    blanketRestrictions(locationId: $locationId, asOf: $asOf, first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes {
        id description scope category priority status nextReviewDue firstJustifiedAt
        justification { approvedBy justifiedAt } exemptions { id }
      }
    }
  }`;
  const TRENDS = `query DashboardTrends($locationId: String!, $from: DateTime!, $to: DateTime!) {
    trends(locationId: $locationId, from: $from, to: $to, by: MONTH) {
      periods {
        start end totalUses usesByPractice { practice uses } proneRestraintShare seclusionHours
        timeToDebrief { count medianSeconds } overdueObligations
      }
    }
  }`;

  async function fetchCases(token, locationId, asOf) {
    const cases = [];
    let after = null;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const { cases: found } = await graphql(token, CASES, { locationId, asOf, first: PAGE_SIZE, after });
      cases.push(...found.nodes);
      if (!found.pageInfo.hasNextPage) return cases;
      after = found.pageInfo.endCursor;
    }
    throw new FetchError(`More than ${MAX_PAGES * PAGE_SIZE} cases: rpledger's paging did not end.`);
  }

  async function fetchRegister(token, locationId, asOf) {
    const restrictions = [];
    let after = null;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const variables = { locationId, asOf, first: PAGE_SIZE, after };
      const { blanketRestrictions: found } = await graphql(token, REGISTER, variables);
      restrictions.push(...found.nodes);
      if (!found.pageInfo.hasNextPage) return restrictions;
      after = found.pageInfo.endCursor;
    }
    throw new FetchError(`More than ${MAX_PAGES * PAGE_SIZE} blanket restrictions: rpledger's paging did not end.`);
  }

  async function fetchTrends(token, locationId, moment) {
    // The twelve calendar months (UTC, as rpledger counts them) up to and including this one.
    const from = new Date(Date.UTC(moment.getUTCFullYear(), moment.getUTCMonth() - 11, 1));
    const variables = { locationId, from: from.toISOString(), to: moment.toISOString() };
    return (await graphql(token, TRENDS, variables)).trends.periods;
  }

  // ------------------------------------------------------------------------------------------------ DOM helpers

  function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value === null || value === undefined || value === false) continue;
      node.setAttribute(name, value === true ? "" : value);
    }
    node.append(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
    return node;
  }

  function svg(tag, attributes = {}, ...children) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
    node.append(...children);
    return node;
  }

  const $ = (id) => document.getElementById(id);
  const when = new Intl.DateTimeFormat("en-GB", {
    day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit",
  });
  // Three letters each, so that twelve fit under a small chart ("Sept" does not).
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const monthYear = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });

  const fetchedAt = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium" });
  const time = (iso) => el("time", { datetime: iso }, when.format(new Date(iso)));

  function duration(seconds) {
    const minutes = Math.floor(Math.abs(seconds) / 60);
    const [days, hours, mins] = [Math.floor(minutes / 1440), Math.floor((minutes % 1440) / 60), minutes % 60];
    if (days >= 2) return `${days} days`;
    if (days === 1) return hours ? `1 day ${hours} h` : "1 day";
    if (hours) return mins ? `${hours} h ${mins} min` : `${hours} h`;
    return minutes ? `${minutes} min` : "under a minute";
  }

  const STATUS = { COMPLIANT: "Compliant", ATTENTION: "Needs attention", NON_COMPLIANT: "Not compliant" };
  const sentence = (code) => code.charAt(0) + code.slice(1).toLowerCase().replace(/_/g, " ");

  function showMessage(text, kind = "error") {
    const box = $("message");
    box.textContent = text;
    box.className = `message ${kind}`;
    box.hidden = !text;
  }

  function sectionBody(id) {
    return document.querySelector(`#${id} .body`);
  }

  // ------------------------------------------------------------------------------------------------ obligations

  function obligationsOf(cases) {
    return cases.flatMap((c) => c.obligations.map((o) => ({ ...o, personRef: c.personRef })));
  }

  function secondsLeft(obligation, asOf) {
    const left = obligation.timeToReviewSeconds;
    return left === null || left === undefined ? (Date.parse(obligation.dueAt) - asOf.getTime()) / 1000 : left;
  }

  function obligationTable(rows, lastHeading, lastCell) {
    const headings = ["Person", "Rule", "What is due", "Due", lastHeading];
    const head = el("tr", {}, headings.map((h) => el("th", { scope: "col" }, h)));
    const body = rows.map((o) =>
      el("tr", { "data-obligation-id": o.id, "data-person-ref": o.personRef, "data-rule-id": o.ruleId },
        el("td", { class: "ref" }, o.personRef),
        el("td", { class: "rule" }, o.ruleId),
        el("td", { class: "what" }, o.description),
        el("td", { class: "when" }, time(o.dueAt)),
        el("td", { class: "amount" }, lastCell(o))));
    return el("table", { class: "obligations" }, el("thead", {}, head), el("tbody", {}, body));
  }

  function people(rows) {
    const count = new Set(rows.map((o) => o.personRef)).size;
    return count === 1 ? "1 person" : `${count} people`;
  }

  function renderOverdue(cases, asOf, locationId) {
    const rows = obligationsOf(cases)
      .filter((o) => o.status === "OVERDUE")
      .sort((a, b) => secondsLeft(a, asOf) - secondsLeft(b, asOf));
    if (!rows.length) return [el("p", { class: "empty" }, `Nothing is overdue at ${locationId}.`)];
    const what = rows.length === 1 ? "obligation" : "obligations";
    const summary = `${rows.length} ${what} overdue, for ${people(rows)}; the most overdue first.`;
    return [el("p", { class: "summary" }, summary),
      obligationTable(rows, "Overdue by", (o) => el("span", { class: "late" }, duration(secondsLeft(o, asOf))))];
  }

  function renderDueSoon(cases, asOf, locationId) {
    const end = asOf.getTime() + DUE_WINDOW_HOURS * 3600 * 1000;
    const rows = obligationsOf(cases)
      .filter((o) => (o.status === "PENDING" || o.status === "DUE_SOON") && Date.parse(o.dueAt) <= end)
      .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
    if (!rows.length) {
      return [el("p", { class: "empty" }, `Nothing falls due at ${locationId} in the next ${DUE_WINDOW_HOURS} hours.`)];
    }
    const summary = `${rows.length} ${rows.length === 1 ? "obligation falls" : "obligations fall"} due for ` +
      `${people(rows)}; the soonest first.`;
    return [el("p", { class: "summary" }, summary),
      obligationTable(rows, "Time left", (o) => el("span", { class: o.status === "DUE_SOON" ? "soon" : null },
        duration(secondsLeft(o, asOf))))];
  }

  // ------------------------------------------------------------------------------------------------ the register

  function justified(r) {
    if (!r.firstJustifiedAt) return el("span", { class: "flag bad" }, "Not justified");
    const by = r.justification ? ` by ${r.justification.approvedBy}` : "";
    return [el("span", { class: "flag good" }, "Justified"), el("br"), el("span", { class: "small" }, "on ",
      time(r.justification ? r.justification.justifiedAt : r.firstJustifiedAt), by)];
  }

  function reviewDue(r, asOf) {
    if (!r.nextReviewDue) return el("span", { class: "small" }, "None open");
    const late = Date.parse(r.nextReviewDue) <= asOf.getTime();
    return [time(r.nextReviewDue), late ? [el("br"), el("span", { class: "flag bad" }, "Review overdue")] : null];
  }

  function renderRegister(restrictions, asOf, locationId) {
    if (!restrictions.length) {
      return [el("p", { class: "empty" }, `No blanket restrictions are in force at ${locationId}.`)];
    }
    const headings = ["Restriction", "Priority", "Justified", "Review due", "Status", "Exemptions"];
    const rows = restrictions.map((r) =>
      el("tr", { "data-restriction-id": r.id },
        el("td", {}, el("strong", { class: "restriction" }, r.description), el("br"),
          el("span", { class: "small" }, `${r.scope} · ${sentence(r.category)}`)),
        el("td", {}, el("span", { class: r.priority === "HIGH" ? "flag high" : "flag" }, sentence(r.priority))),
        el("td", {}, justified(r)),
        el("td", { class: "when" }, reviewDue(r, asOf)),
        el("td", {}, el("span", { class: `status ${r.status.toLowerCase()}` }, STATUS[r.status] || r.status)),
        el("td", { class: "amount" }, String(r.exemptions.length))));
    return [el("table", { class: "register" },
      el("thead", {}, el("tr", {}, headings.map((h) => el("th", { scope: "col" }, h)))), el("tbody", {}, rows))];
  }

  // ------------------------------------------------------------------------------------------------ charts

  const PRACTICES = {
    PHYS_PRONE: ["Prone restraint", "#b2182b"], PHYS_STANDING: ["Standing restraint", "#2166ac"],
    PHYS_ESCORT: ["Restrictive escort", "#4393c3"], PHYS_SUPINE: ["Supine restraint", "#92c5de"],
    PHYS_SIDE: ["Side restraint", "#5e7fa8"], PHYS_SEATED: ["Seated restraint", "#a6bddb"],
    PHYS_KNEELING: ["Kneeling restraint", "#3f5f8a"], PHYS_OTHER: ["Other physical restraint", "#c6dbef"],
    MECH: ["Mechanical restraint", "#6a3d9a"], CHEM_INJ_RT: ["Rapid tranquillisation", "#e08214"],
    CHEM_INJ_NONRT: ["Injection, not RT", "#fdb863"], CHEM_ORAL: ["Oral medication", "#f6d18b"],
    CHEM_OTHER: ["Other chemical restraint", "#b35806"], ISO_SECLUSION: ["Seclusion", "#542788"],
    ISO_SEGREGATION: ["Segregation", "#8073ac"], OBS_ENHANCED: ["Enhanced observation", "#1b7837"],
    BLANKET: ["Blanket restriction", "#5aae61"], ENV_RESTRICT: ["Environmental restriction", "#a6dba0"],
    ACCESS_RESTRICT: ["Restricted access", "#7fbf7b"], COVERT_MED: ["Covert medication", "#8c510a"],
    DOL: ["Deprivation of liberty", "#878787"],
  };
  const practice = (code) => PRACTICES[code] || [sentence(code), "#999999"];
  const ORDER = Object.keys(PRACTICES);
  const SINGLE = "#3b6e8f";

  // The smallest round step (1, 2 or 5 times a power of ten) that splits the range into at most `parts`.
  function niceScale(max, parts = 4, whole = false) {
    // Whole counts get at least `parts` on the axis, so that one or two do not fill the chart.
    if (!(max > 0) || (whole && max < parts)) return { top: parts, step: 1 };
    const rough = max / parts;
    const power = 10 ** Math.floor(Math.log10(rough));
    let step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough);
    if (whole) step = Math.max(1, Math.ceil(step));
    return { top: Math.ceil(max / step) * step, step };
  }

  const MARGIN = { left: 58, right: 12, top: 14, bottom: 50 };

  // Where things go in a chart of `width` by `height` with one band per month.
  function frame(width, height, months, scale) {
    const plotWidth = width - MARGIN.left - MARGIN.right;
    const plotHeight = height - MARGIN.top - MARGIN.bottom;
    const band = plotWidth / months;
    return {
      width, height, plotWidth, plotHeight, scale,
      y: (v) => MARGIN.top + plotHeight - (v / scale.top) * plotHeight,
      left: (i) => MARGIN.left + i * band + band * 0.15, // a bar's left edge
      middle: (i) => MARGIN.left + (i + 0.5) * band,
      bar: band * 0.7,
    };
  }

  const text = (attributes, content) => svg("text", { "text-anchor": "middle", ...attributes }, String(content));

  function axes(f, labels, yLabel, format) {
    const parts = [];
    for (let v = 0; v <= f.scale.top + 1e-9; v += f.scale.step) {
      const y = f.y(v);
      parts.push(svg("line", { x1: MARGIN.left, x2: f.width - MARGIN.right, y1: y, y2: y, class: v ? "grid" : "axis" }),
        text({ x: MARGIN.left - 6, y: y + 4, class: "tick", "text-anchor": "end" }, format(v)));
    }
    const below = f.height - MARGIN.bottom;
    labels.forEach((label, i) => {
      parts.push(text({ x: f.middle(i), y: below + 16, class: "tick" }, label.short));
      if (label.year) parts.push(text({ x: f.middle(i), y: below + 30, class: "tick year" }, label.year));
    });
    const midY = MARGIN.top + f.plotHeight / 2;
    parts.push(text({ x: MARGIN.left + f.plotWidth / 2, y: f.height - 6, class: "axis-label" }, "Month"),
      text({ x: 14, y: midY, class: "axis-label", transform: `rotate(-90 14 ${midY})` }, yLabel));
    return parts;
  }

  // One bar per month, the series stacked; a month without a figure (null) gets a dash on the axis.
  function bars(f, labels, series, format) {
    const parts = [];
    labels.forEach((label, i) => {
      let base = 0;
      for (const s of series) {
        const value = s.values[i];
        if (value === null || value === undefined) {
          if (series.length === 1) parts.push(text({ x: f.middle(i), y: f.y(0) - 4, class: "none" }, "–"));
        } else if (value > 0) {
          const top = f.y(base + value);
          parts.push(svg("rect", { x: f.left(i), width: f.bar, y: top, height: f.y(base) - top, fill: s.colour },
            svg("title", {}, `${label.full}: ${s.name} ${format(value)}`)));
          base += value;
        }
      }
    });
    return parts;
  }

  function drawChart({ labels, series, width, height, yLabel, whole, format, top }) {
    const totals = labels.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] || 0), 0));
    const scale = top ? { top, step: top / 4 } : niceScale(Math.max(0, ...totals), 4, whole);
    const f = frame(width, height, labels.length, scale);
    // Hidden from screen readers: the table after it holds the same numbers in a form they can read.
    const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart", "aria-hidden": "true" });
    chart.append(...axes(f, labels, yLabel, format), ...bars(f, labels, series, format));
    return chart;
  }

  // The numbers behind a chart, for screen readers and for anyone who wants the figures rather than the shapes.
  function numbersTable(title, labels, columns) {
    const cellText = (c, i) => (c.values[i] === null || c.values[i] === undefined ? c.none : c.format(c.values[i]));
    const head = el("tr", {}, el("th", { scope: "col" }, "Month"),
      columns.map((c) => el("th", { scope: "col" }, c.name)));
    const rows = labels.map((label, i) => el("tr", {}, el("th", { scope: "row" }, label.full),
      columns.map((c) => el("td", {}, cellText(c, i)))));
    return el("div", { class: "visually-hidden" },
      el("table", {}, el("caption", {}, title), el("thead", {}, head), el("tbody", {}, rows)));
  }

  function figure({ id, title, note, chart, table, legend, wide }) {
    return el("figure", { class: wide ? "chart-figure wide" : "chart-figure", id, "aria-labelledby": `${id}-title` },
      el("h3", { id: `${id}-title` }, title), el("p", { class: "note" }, note), chart, legend, table);
  }

  function legendOf(series) {
    return el("ul", { class: "legend", "aria-hidden": "true" }, series.map((s) => {
      const swatch = el("span", { class: "swatch" });
      swatch.style.backgroundColor = s.colour; // through the CSSOM, which the page's CSP allows, unlike style=""
      return el("li", {}, swatch, s.name);
    }));
  }

  function singleChart({ id, title, note, yLabel, labels, values, format, whole, top, none }) {
    const series = [{ name: title, colour: SINGLE, values }];
    return figure({
      id, title, note,
      chart: drawChart({ labels, series, width: 400, height: 220, yLabel, whole, format, top }),
      table: numbersTable(title, labels, [{ name: yLabel, values, format, none }]),
    });
  }

  const count = (v) => String(Math.round(v));
  const hours = (v) => String(v >= 10 ? Math.round(v) : Math.round(v * 10) / 10);
  const percent = (v) => `${Math.round(v * 100)}%`;

  function usesChart(periods, labels) {
    const usesOf = (p, code) => (p.usesByPractice.find((u) => u.practice === code) || { uses: 0 }).uses;
    const codes = ORDER.filter((code) => periods.some((p) => usesOf(p, code)));
    const series = codes.map((code) => ({
      name: practice(code)[0], colour: practice(code)[1], values: periods.map((p) => usesOf(p, code)),
    }));
    const columns = [...series.map((s) => ({ ...s, format: count })),
      { name: "Uses in total", values: periods.map((p) => p.totalUses), format: count }];
    const title = "Uses by practice";
    return figure({
      id: "chart-uses", title, wide: true,
      note: "Uses that started each month, by practice. A use with several practices counts once for each.",
      chart: drawChart({ labels, series, width: 820, height: 220, yLabel: "Uses", whole: true, format: count }),
      legend: series.length ? legendOf(series) : el("p", { class: "small" }, "No uses in these months."),
      table: numbersTable(title, labels, columns),
    });
  }

  function monthLabels(periods) {
    return periods.map((p, i) => {
      const start = new Date(p.start);
      const month = start.getUTCMonth();
      // The year under each January, and under the first month unless a January follows too closely to fit both.
      const year = month === 0 || (i === 0 && month < 10) ? String(start.getUTCFullYear()) : null;
      const full = monthYear.format(start) + (i === periods.length - 1 ? " so far" : "");
      return { short: MONTHS[month], year, full };
    });
  }

  function renderTrends(periods) {
    const labels = monthLabels(periods);
    const span = `${labels[0].full} to ${labels[labels.length - 1].full}, by calendar month (UTC).`;
    const debrief = (p) => (p.timeToDebrief.medianSeconds === null ? null : p.timeToDebrief.medianSeconds / 3600);
    return [el("p", { class: "summary" }, span), el("div", { class: "charts" },
      usesChart(periods, labels),
      singleChart({
        id: "chart-prone", title: "Prone restraint", yLabel: "Share prone", labels, format: percent, top: 1,
        note: "Share of the uses with physical restraint that were prone. – : no physical restraint that month.",
        values: periods.map((p) => p.proneRestraintShare), none: "no physical restraint",
      }),
      singleChart({
        id: "chart-seclusion", title: "Seclusion", yLabel: "Hours", labels, format: hours,
        note: "Hours of seclusion in each month, a seclusion still going on counted until now.",
        values: periods.map((p) => p.seclusionHours),
      }),
      singleChart({
        id: "chart-debrief", title: "Median time to debrief", yLabel: "Hours", labels, format: hours,
        note: "From the end of a use to the debrief with the person, for uses that ended that month. – : none.",
        values: periods.map(debrief), none: "no debrief",
      }),
      singleChart({
        id: "chart-overdue", title: "Overdue obligations", yLabel: "Obligations", labels, format: count, whole: true,
        note: "Obligations open and past due at the end of each month (this month: now).",
        values: periods.map((p) => p.overdueObligations),
      }))];
  }

  // ------------------------------------------------------------------------------------------------ the page

  const page = { token: null, generation: 0 };

  function currentLocation() {
    const select = $("location-select");
    return (select.hidden ? $("location-input").value : select.value).trim();
  }

  function setUpLocations(claims) {
    const wanted = new URLSearchParams(location.search).get("location");
    const mine = Array.isArray(claims.locations) ? claims.locations.filter((l) => typeof l === "string" && l) : [];
    const select = $("location-select");
    const input = $("location-input");
    select.replaceChildren(...mine.map((l) => el("option", { value: l }, l)));
    select.hidden = !mine.length;
    input.hidden = !!mine.length;
    $("location-hint").hidden = !!mine.length;
    if (!mine.length) {
      input.value = wanted || "";
      return;
    }
    select.value = wanted && mine.includes(wanted) ? wanted : mine[0];
    if (wanted && !mine.includes(wanted)) {
      showMessage(`Your token does not name ${wanted}; showing ${select.value}.`, "notice");
    }
  }

  function describe(claims) {
    const roles = Array.isArray(claims.roles) && claims.roles.length ? ` (${claims.roles.join(", ")})` : "";
    return claims.name || claims.sub ? `Token of ${claims.name || claims.sub}${roles}` : "";
  }

  function start(token) {
    page.token = token;
    const claims = claimsOf(token);
    $("who").textContent = describe(claims);
    $("token-form").hidden = true;
    $("location-form").hidden = false;
    showMessage("");
    setUpLocations(claims);
    reload();
  }

  function reload() {
    load().catch((error) => {
      showMessage(messageOf(error));
      $("refresh").disabled = false;
      $("main").removeAttribute("aria-busy");
    });
  }

  function askForToken(message, kind = "notice") {
    page.token = null;
    page.generation += 1; // results still on their way belong to the old token
    $("location-form").hidden = true;
    $("sections").hidden = true;
    $("token-form").hidden = false;
    $("who").textContent = "";
    showMessage(message, kind);
    $("token-input").focus();
  }

  const SECTIONS = [
    ["overdue", (r) => r.cases, renderOverdue],
    ["due-soon", (r) => r.cases, renderDueSoon],
    ["register", (r) => r.register, renderRegister],
    ["trends", (r) => r.trends, renderTrends],
  ];

  async function load() {
    const locationId = currentLocation();
    if (!locationId) {
      showMessage("Enter the location to show.", "notice");
      return;
    }
    const generation = (page.generation += 1);
    const asOf = new Date();
    const url = new URL(location.href);
    url.searchParams.set("location", locationId);
    history.replaceState(null, "", url.pathname + url.search);
    $("sections").hidden = false;
    $("main").setAttribute("aria-busy", "true");
    $("refresh").disabled = true;
    for (const [id] of SECTIONS) sectionBody(id).replaceChildren(el("p", { class: "loading" }, "Fetching…"));

    const token = page.token;
    const settled = await Promise.allSettled([
      fetchCases(token, locationId, asOf.toISOString()),
      fetchRegister(token, locationId, asOf.toISOString()),
      fetchTrends(token, locationId, asOf),
    ]);
    if (generation !== page.generation) return;
    const [cases, register, trends] = settled;
    const results = { cases, register, trends };
    $("main").removeAttribute("aria-busy");
    $("refresh").disabled = false;

    const failed = settled.filter((s) => s.status === "rejected").map((s) => s.reason);
    const refused = failed.find((e) => e.unauthorised);
    if (refused) return askForToken(refused.message, "error");
    showMessage(failed.length ? messageOf(failed[0]) : "");
    for (const [id, pick, render] of SECTIONS) {
      sectionBody(id).replaceChildren(...shown(pick(results), render, asOf, locationId));
    }
    const fetched = el("time", { datetime: asOf.toISOString() }, fetchedAt.format(asOf));
    $("fetched").replaceChildren(`${locationId} · fetched `, fetched);
  }

  // A section that cannot be shown says why, in its place, and the others are still shown.
  function shown(result, render, asOf, locationId) {
    try {
      if (result.status === "fulfilled") return render(result.value, asOf, locationId);
      return [el("p", { class: "failed" }, `Not shown: ${messageOf(result.reason)}`)];
    } catch (error) {
      return [el("p", { class: "failed" }, `Not shown: ${messageOf(error)}`)];
    }
  }

  function messageOf(error) {
    return error instanceof FetchError ? error.message : `Something went wrong in this page: ${error.message}`;
  }

  function wire() {
    $("token-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const token = $("token-input").value.trim();
      $("token-input").value = "";
      if (!token) return;
      sessionStorage.setItem(TOKEN_KEY, token);
      start(token);
    });
    $("location-form").addEventListener("submit", (event) => {
      event.preventDefault();
      reload();
    });
    $("location-select").addEventListener("change", reload);
    $("forget").addEventListener("click", () => {
      sessionStorage.removeItem(TOKEN_KEY);
      askForToken("The token is forgotten. Paste a token to see the dashboard again.");
    });
  }

  function main() {
    wire();
    const token = takeToken();
    if (token) start(token);
    else askForToken("Paste your access token to see the dashboard, or open the link you were given with it.");
  }

  try {
    main();
  } catch (error) {
    showMessage(`This page could not start: ${error.message}`);
  }
})();
