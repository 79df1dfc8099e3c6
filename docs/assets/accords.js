// Accords: timeline filters and sortable index tables. Plain JavaScript, no dependencies; pages
// work without it (the timeline is a plain list, tables are already in date order).
(function () {
  "use strict";

  function option(select, value, label) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = label;
    select.appendChild(o);
  }

  function labelled(text, select) {
    var label = document.createElement("label");
    label.textContent = text + " ";
    label.appendChild(select);
    return label;
  }

  function setUpTimelineFilters() {
    var box = document.querySelector(".acc-filters[data-filters]");
    if (!box || box.dataset.ready) return;
    box.dataset.ready = "1";
    var data = JSON.parse(box.dataset.filters);
    var kind = document.createElement("select");
    kind.name = "kind";
    option(kind, "", "All kinds");
    Object.keys(data.kinds).forEach(function (k) { option(kind, k, data.kinds[k]); });
    var domain = document.createElement("select");
    domain.name = "domain";
    option(domain, "", "All domains");
    data.domains.forEach(function (d) { option(domain, d, d); });
    var count = document.createElement("span");
    count.className = "acc-count";
    count.setAttribute("aria-live", "polite");
    box.appendChild(labelled("Kind", kind));
    box.appendChild(labelled("Domain", domain));
    box.appendChild(count);
    box.hidden = false;

    function apply() {
      var items = document.querySelectorAll(".acc-timeline > li");
      var shown = 0;
      items.forEach(function (li) {
        var domains = (li.dataset.domains || "").split(" ");
        var ok = (!kind.value || li.dataset.kind === kind.value) &&
                 (!domain.value || domains.indexOf(domain.value) >= 0);
        li.hidden = !ok;
        if (ok) shown += 1;
      });
      document.querySelectorAll(".acc-timeline").forEach(function (list) {
        var visible = list.querySelector("li:not([hidden])") !== null;
        list.hidden = !visible;
        var heading = list.previousElementSibling;
        if (heading && heading.tagName === "H2") heading.hidden = !visible;
      });
      count.textContent = shown + " of " + items.length + " shown";
    }
    kind.addEventListener("change", apply);
    domain.addEventListener("change", apply);
    apply();
  }

  function sortKey(text) {
    var clean = text.replace(/^c\. /, "").replace(/ \(uncertain\)$/, "").trim();
    if (/^\d{4}$/.test(clean)) return { n: Date.UTC(+clean, 0, 1) };
    // Only the site's own date forms ("27 Oct 2020", "Oct 2020"): browsers' Date.parse also reads
    // a date into text such as "Modi–Trump joint statement 2025".
    var t = /^(\d{1,2} )?[A-Z][a-z]{2} \d{4}$/.test(clean) ? Date.parse(clean) : NaN;
    if (!isNaN(t)) return { n: t };
    var n = parseFloat(clean);
    if (!isNaN(n) && /^[\d.]+$/.test(clean)) return { n: n };
    return { s: clean.toLowerCase() };
  }

  // A cell may say what it sorts by (a record's name, not its name run into its full title).
  function cellText(cell) {
    return cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent;
  }

  function compare(a, b) {
    if (a.n !== undefined && b.n !== undefined) return a.n - b.n;
    if (a.n !== undefined) return -1;
    if (b.n !== undefined) return 1;
    return a.s < b.s ? -1 : a.s > b.s ? 1 : 0;
  }

  // Each column heading holds a button (a native one: keyboard and screen readers know it), and the
  // heading says how the table is sorted (aria-sort). A record's key facts (label, value; marked
  // data-facts) are a list of facts, not something to sort.
  function setUpSortableTables() {
    document.querySelectorAll("article table").forEach(function (table) {
      if (table.dataset.sortable || !table.tHead || !table.tBodies.length) return;
      var headings = Array.prototype.slice.call(table.tHead.rows[0].cells);
      if (table.hasAttribute("data-facts")) return;
      table.dataset.sortable = "1";
      headings.forEach(function (th, column) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "acc-sort";
        button.title = "Sort by this column";
        while (th.firstChild) button.appendChild(th.firstChild);
        th.appendChild(button);
        button.addEventListener("click", function () {
          var ascending = th.getAttribute("aria-sort") !== "ascending";
          headings.forEach(function (c) { c.removeAttribute("aria-sort"); });
          th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
          var body = table.tBodies[0];
          var rows = Array.prototype.slice.call(body.rows);
          rows.sort(function (r1, r2) {
            var d = compare(sortKey(cellText(r1.cells[column])), sortKey(cellText(r2.cells[column])));
            return ascending ? d : -d;
          });
          rows.forEach(function (r) { body.appendChild(r); });
        });
      });
    });
  }

  function setUp() {
    setUpTimelineFilters();
    setUpSortableTables();
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
