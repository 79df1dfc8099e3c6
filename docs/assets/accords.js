// Accords: timeline filters and order, and sortable index tables. Plain JavaScript, no dependencies; pages
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

  function select(name, all, choices) {
    var s = document.createElement("select");
    s.name = name;
    if (all) option(s, "", all);
    choices.forEach(function (c) { option(s, c[0], c[1]); });
    return s;
  }

  // A value from the URL that this page offers no option for (a pair with nothing this year) is kept
  // as an option of its own: the view still says what it filters by, and shows that nothing matches.
  function choose(s, wanted) {
    if (!wanted) return;
    var found = Array.prototype.some.call(s.options, function (o) { return o.value === wanted; });
    if (!found) option(s, wanted, wanted);
    s.value = wanted;
  }

  // The timeline's filters and order, on a year page (entries) and on the overview (years): kept in
  // the URL's query (?kind=agreement&domain=cyber&pair=in-jp&order=newest), so that a view can be
  // shared and reloads as it was; the overview's links to the years carry it along. The contents
  // list (Material's) follows: a heading whose entries are all filtered out leaves it.
  function setUpTimelineFilters() {
    var box = document.querySelector(".acc-filters[data-filters]");
    if (!box || box.dataset.ready) return;
    box.dataset.ready = "1";
    var data = JSON.parse(box.dataset.filters);
    var overview = box.hasAttribute("data-overview");
    var controls = {
      kind: select("kind", "All kinds", data.kinds),
      domain: select("domain", "All domains", data.domains),
      pair: select("pair", "All country pairs", data.pairs),
      order: select("order", "", [["oldest", "Oldest first"], ["newest", "Newest first"]])
    };
    var query = new URLSearchParams(window.location.search);
    Object.keys(controls).forEach(function (name) { choose(controls[name], query.get(name)); });
    var count = document.createElement("span");
    count.className = "acc-count";
    count.setAttribute("aria-live", "polite");
    box.appendChild(labelled("Kind", controls.kind));
    box.appendChild(labelled("Domain", controls.domain));
    box.appendChild(labelled("Country pair", controls.pair));
    box.appendChild(labelled("Order", controls.order));
    box.appendChild(count);
    var none = document.createElement("p");
    none.className = "acc-none";
    none.hidden = true;
    none.textContent = "No entries match these filters.";
    box.parentNode.insertBefore(none, box.nextSibling);
    box.hidden = false;

    // Each list with the heading (and text) above it, in the page's order: what the order reverses.
    var lists = Array.prototype.slice.call(document.querySelectorAll(".acc-timeline, .acc-years"));
    var groups = lists.map(function (list) {
      var nodes = [list];
      var node = list.previousElementSibling;
      while (node && node.tagName !== "H2" && !node.matches(".acc-timeline, .acc-years, .acc-filters, .acc-none, .acc-pager, .acc-key")) {
        nodes.unshift(node);
        node = node.previousElementSibling;
      }
      if (node && node.tagName === "H2") nodes.unshift(node);
      return { list: list, nodes: nodes, heading: node && node.tagName === "H2" ? node : null,
               items: Array.prototype.slice.call(list.children) };
    });
    var end = document.createComment("end of the timeline");
    if (lists.length) {
      var last = lists[lists.length - 1];
      last.parentNode.insertBefore(end, last.nextSibling);
    }

    function tocItems(heading) {
      if (!heading || !heading.id) return [];
      return Array.prototype.map.call(
        document.querySelectorAll('.md-nav--secondary a.md-nav__link[href="#' + CSS.escape(heading.id) + '"]'),
        function (a) { return a.closest("li"); });
    }

    function matches(li) {
      if (overview) return true;
      var kind = controls.kind.value, domain = controls.domain.value, pair = controls.pair.value;
      return (!kind || li.dataset.kind === kind) &&
             (!domain || (li.dataset.domains || "").split(" ").indexOf(domain) >= 0) &&
             (!pair || (li.dataset.pairs || "").split(" ").indexOf(pair) >= 0);
    }

    function state() {
      var q = new URLSearchParams();
      ["kind", "domain", "pair"].forEach(function (name) { if (controls[name].value) q.set(name, controls[name].value); });
      if (controls.order.value === "newest") q.set("order", "newest");
      return q.toString();
    }

    function apply() {
      var shown = 0, total = 0;
      var newest = controls.order.value === "newest";
      groups.forEach(function (group) {
        var visible = 0;
        group.items.forEach(function (li) {
          var ok = matches(li);
          li.hidden = !ok;
          total += 1;
          if (ok) { shown += 1; visible += 1; }
        });
        group.list.hidden = visible === 0;
        group.nodes.forEach(function (node) { if (node !== group.list) node.hidden = visible === 0; });
        tocItems(group.heading).forEach(function (li) { if (li) li.hidden = visible === 0; });
        var items = newest ? group.items.slice().reverse() : group.items;
        items.forEach(function (li) { group.list.appendChild(li); });
      });
      var ordered = newest ? groups.slice().reverse() : groups;
      ordered.forEach(function (group) {
        group.nodes.forEach(function (node) { end.parentNode.insertBefore(node, end); });
        tocItems(group.heading).forEach(function (li) { if (li) li.parentNode.appendChild(li); });
      });
      none.hidden = shown > 0;
      var q = state();
      if (!overview) count.textContent = shown + " of " + total + " shown";
      else count.textContent = q.replace(/order=newest&?/, "") ? "Each year opens with these filters." : "";
      document.querySelectorAll("a.acc-year").forEach(function (a) {
        if (!a.dataset.base) a.dataset.base = a.getAttribute("href");
        a.setAttribute("href", a.dataset.base + (q ? "?" + q : ""));
      });
      var url = window.location.pathname + (q ? "?" + q : "") + window.location.hash;
      if (url !== window.location.pathname + window.location.search + window.location.hash) {
        window.history.replaceState(window.history.state, "", url);
      }
    }
    Object.keys(controls).forEach(function (name) { controls[name].addEventListener("change", apply); });
    apply();
  }

  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function sortKey(text) {
    var clean = text.replace(/^c\. /, "").replace(/ \(uncertain\)$/, "").trim();
    // Only the site's own date forms ("27 Oct 2020", "Oct 2020", "2020"), keyed as the pages are
    // ordered (a year before its months, a month before its days): Date.parse would put "Oct 2020"
    // and "1 Oct 2020" level, read time zones into them, and read a date into any text.
    var date = /^(?:(\d{1,2}) ([A-Z][a-z]{2}) |([A-Z][a-z]{2}) )?(\d{4})$/.exec(clean);
    var month = date ? MONTHS.indexOf(date[2] || date[3] || "") + 1 : 0;
    if (date && (month > 0 || !(date[2] || date[3]))) return { n: +date[4] * 10000 + month * 100 + (+date[1] || 0) };
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

  // Accessibility (axe landmark-unique): Material names a nav section that has an index page
  // (navigation.indexes) by its toggle's label, which holds only an icon, so every such section's
  // landmark has the same empty name. The label gets the section's name, as visually hidden text;
  // it names the toggle for screen readers too.
  function nameNavSections() {
    document.querySelectorAll("nav.md-nav[aria-labelledby]").forEach(function (nav) {
      var label = document.getElementById(nav.getAttribute("aria-labelledby"));
      if (!label || label.textContent.trim()) return;
      var link = label.parentNode && label.parentNode.querySelector("a.md-nav__link");
      if (!link) return;
      var name = document.createElement("span");
      name.className = "md-visually-hidden";
      name.textContent = link.textContent.trim();
      label.appendChild(name);
    });
  }

  // Accessibility (axe landmark-unique): Material puts each code block's copy button in a <nav> of its
  // own, unnamed, so a page with several code blocks has several navigation landmarks no one can tell
  // apart. Each is named after its code block's number. Material adds them after the page loads, so
  // new ones are watched for.
  function nameCodeNavs(root) {
    (root || document).querySelectorAll(".md-code__nav:not([aria-label])").forEach(function (nav) {
      var blocks = Array.prototype.slice.call(document.querySelectorAll("article pre"));
      var n = blocks.indexOf(nav.closest("pre")) + 1;
      nav.setAttribute("aria-label", "Code block " + (n || blocks.length + 1));
    });
  }

  function watchCodeNavs() {
    nameCodeNavs();
    var article = document.querySelector("article");
    if (!article || article.dataset.accCodeNavs || typeof MutationObserver === "undefined") return;
    article.dataset.accCodeNavs = "1";
    new MutationObserver(function () { nameCodeNavs(article); }).observe(article, { childList: true, subtree: true });
  }

  function setUp() {
    nameNavSections();
    watchCodeNavs();
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
