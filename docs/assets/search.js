// Accords: the header's search box, on the Pagefind index that the MkDocs hook writes into pagefind/.
// Plain JavaScript, no dependencies, nothing from another site. Nothing is fetched until the reader
// focuses the box; then a worker (search-worker.js) loads Pagefind's small entry files, and each query
// fetches only the parts of the index and the result excerpts it needs. The page holds only what it
// shows: the worker answers with the count and one batch of results at a time. Keys: "/" or "s" focus
// the box, arrows move through the results, Enter opens one, Escape closes. Queries wait for a pause
// in typing (or run every MAX_WAIT ms while the reader types on), and an answer to a query the reader
// has since changed is dropped.
(function () {
  "use strict";

  var script = document.currentScript;
  var root = new URL("../", script ? script.src : location.href); // this file is assets/search.js
  var WAIT = 120; // ms without a key press before searching (a key still preloads its index part)
  var MAX_WAIT = 350; // ms at most between searches while the reader keeps typing
  var BATCH = 10; // results shown at a time
  var PRELOAD = 3; // the fewest letters of a word being typed for which its part of the index is fetched ahead
  var FILTERS = [["kind", "Kind"], ["country", "Country"], ["domain", "Domain"], ["year", "Year"]];

  var worker = null; // the search worker, started when the reader first focuses the box
  var requests = 0; // the number of the latest request to the worker
  var waiting = {}; // the requests not yet answered, by number: their promises' resolve and reject
  var latest = 0; // the number of the latest query: answers to earlier ones are dropped
  var answered = 0; // the number of the query whose results are shown
  var enter = false; // Enter was pressed before the results came: the first result opens when they do
  var timer = null;
  var waitingSince = 0; // when the first key not yet searched for was pressed
  var pending = false; // the query changed while a search ran
  var ui = null;

  // A request to the search worker (its type and fields are listed in search-worker.js): the promise
  // of its answer. The first request starts the worker.
  function ask(type, fields) {
    if (!worker) {
      worker = new Worker(new URL("assets/search-worker.js", root).href, { type: "module" });
      worker.onmessage = function (event) {
        var answer = event.data;
        var request = waiting[answer.id];
        delete waiting[answer.id];
        if (request) {
          if (answer.error) request.reject(new Error(answer.error));
          else request.resolve(answer);
        }
      };
      worker.onerror = function () {
        Object.keys(waiting).forEach(function (id) { waiting[id].reject(new Error("the search worker failed")); });
        waiting = {};
      };
    }
    var message = Object.assign({ type: type, id: ++requests, root: root.href }, fields);
    return new Promise(function (resolve, reject) {
      waiting[message.id] = { resolve: resolve, reject: reject };
      worker.postMessage(message);
    });
  }

  function load() {
    return ask("load", {}).catch(function () {
      say("Search is not available: its index did not load.");
    });
  }

  // -- Text: everything shown comes from the index, so it is set as text, never parsed as HTML ------

  var ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

  function decode(text) {
    return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, function (whole, name) {
      if (name[0] === "#") {
        var code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return Object.prototype.hasOwnProperty.call(ENTITIES, name.toLowerCase()) ? ENTITIES[name.toLowerCase()] : whole;
    });
  }

  // Pagefind's excerpt is escaped text with <mark> around the words found: rebuilt here as text nodes
  // and <mark> elements, so that no other markup can ever come through. A word found only because it
  // begins with a word searched for whole ("became" for "beca") is not marked, and the punctuation
  // Pagefind marks with a word ("(BECA).") is left out of the mark.
  function excerpt(html) {
    var p = document.createElement("p");
    var marking = false;
    html.split(/(<\/?mark>)/).forEach(function (part) {
      if (part === "<mark>" || part === "</mark>") {
        marking = part === "<mark>";
      } else if (part) {
        var text = decode(part);
        var word = marking && meant(text) && text.match(/^([^\p{L}\p{N}]*)([\s\S]*?)([^\p{L}\p{N}]*)$/u);
        if (word && word[2]) {
          if (word[1]) p.appendChild(document.createTextNode(word[1]));
          p.appendChild(element("mark", null, word[2]));
          if (word[3]) p.appendChild(document.createTextNode(word[3]));
        } else {
          p.appendChild(document.createTextNode(text));
        }
      }
    });
    return p;
  }

  // A result's title, with the words searched for marked as in its excerpt (common words were not
  // searched for): a word meant whole (and its plural) whole, a word still being typed where a word
  // begins with it. Text nodes and <mark>s only.
  function title(text) {
    var h1 = element("h1");
    var terms = ui.terms.filter(function (term) { return /[\p{L}\p{N}]/u.test(term); });
    if (!terms.length) {
      h1.textContent = text;
      return h1;
    }
    var pattern = new RegExp("(^|[^\\p{L}\\p{N}])(" + terms.map(function (term) {
      var escaped = term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      return (ui.whole || []).indexOf(term) >= 0 ? escaped + "(?:e?s)?(?![\\p{L}\\p{N}])" : escaped + "[\\p{L}\\p{N}]*";
    }).join("|") + ")", "giu");
    var last = 0;
    text.replace(pattern, function (whole, before, word, at) {
      var start = at + before.length;
      h1.appendChild(document.createTextNode(text.slice(last, start)));
      h1.appendChild(element("mark", null, word));
      last = start + word.length;
      return whole;
    });
    h1.appendChild(document.createTextNode(text.slice(last)));
    return h1;
  }

  function meant(text) {
    var word = text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
    return !(ui.whole || []).some(function (term) {
      return word.indexOf(term) === 0 && [term, term + "s", term + "es"].indexOf(word) < 0;
    });
  }

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // -- Queries ------------------------------------------------------------------------------------

  // The words of a query as Pagefind reads them (it drops punctuation), lower-cased.
  function words(query) {
    return query.replace(/[\p{Pd}\p{Pe}\p{Pf}\p{Pi}\p{Po}\p{Ps}]/gu, "").toLowerCase().split(/\s+/).filter(Boolean);
  }

  function chosenFilters() {
    var chosen = {};
    ui.selects.forEach(function (select) {
      if (select.value) chosen[select.name] = select.value;
    });
    return chosen;
  }

  // One search at a time: keys pressed meanwhile wait for it, and then only the latest query runs (an
  // earlier one, stale before it started, is never sent to Pagefind).
  var running = false;

  function run() {
    clearTimeout(timer);
    timer = null;
    waitingSince = 0;
    if (running) {
      pending = true;
      return;
    }
    var query = ui.input.value.trim();
    var filters = chosenFilters();
    var number = ++latest;
    if (!query && !Object.keys(filters).length) {
      show(number, query, 0, []);
      return;
    }
    running = true;
    ask("search", { number: number, terms: words(query), filters: filters, batch: BATCH }).then(function (found) {
      ui.whole = found.whole;
      ui.terms = found.terms;
      show(number, query, found.count, found.pages);
    }, function () {
      if (number === latest) say("Search is not available: its index did not load.");
    }).then(function () {
      running = false;
      if (pending) {
        pending = false;
        run();
      }
    });
  }

  function schedule() {
    var query = ui.input.value.trim();
    // Fetch the index's parts for the words so far while the reader types on, once the word being
    // typed has PRELOAD letters: a shorter start of a word names a large part of the index.
    var terms = words(query);
    if (terms.length && terms[terms.length - 1].length >= PRELOAD) {
      ask("preload", { terms: terms, filters: chosenFilters() }).catch(function () {});
    }
    var now = Date.now();
    waitingSince = waitingSince || now;
    clearTimeout(timer);
    timer = setTimeout(run, Math.max(0, Math.min(WAIT, waitingSince + MAX_WAIT - now)));
  }

  // -- Results ------------------------------------------------------------------------------------

  function say(text) {
    ui.meta.textContent = text;
  }

  // The answer to query `number`: `count` results, of which `pages` are the first batch.
  function show(number, query, count, pages) {
    if (number !== latest) return; // the reader has typed on since
    answered = number;
    ui.box.setAttribute("data-answered", query); // the query the results answer (tests wait for it)
    ui.list.textContent = "";
    ui.count = count;
    ui.shown = 0;
    ui.query = query;
    var filtered = Object.keys(chosenFilters()).length > 0;
    if (!query && !filtered) {
      say(ui.selects.length ? "Type to start searching, or choose a filter" : "Type to start searching");
    } else if (!count) {
      say("No results" + (query ? " for \u201c" + query + "\u201d" : "") + (filtered ? " with these filters" : ""));
    } else {
      say(count === 1 ? "1 result" : count + " results");
    }
    append(number, pages);
  }

  function more(number) {
    var old = ui.list.querySelector(".acc-search-more");
    if (old) old.parentNode.removeChild(old);
    ask("more", { number: number, from: ui.shown, batch: BATCH }).then(function (found) {
      append(number, found.pages);
    }, function () {
      if (number === latest) say("Search is not available: its index did not load.");
    });
  }

  // Add a batch of results to the list, then a button for the next batch if there is one.
  function append(number, pages) {
    if (number !== latest) return;
    ui.shown += pages.length;
    pages.forEach(function (page) { ui.list.appendChild(item(page)); });
    if (enter && !running && !pending && !timer) {
      enter = false;
      if (resultLinks()[0]) resultLinks()[0].click();
    }
    if (ui.shown < ui.count) {
      var li = element("li", "md-search-result__item acc-search-more");
      var button = element("button", "md-search-result__link", "Show " + Math.min(BATCH, ui.count - ui.shown) + " more");
      button.type = "button";
      button.tabIndex = -1;
      button.addEventListener("click", function () {
        var focusNext = document.activeElement === button;
        var next = ui.shown; // the first result of the next batch, focused once it is shown
        more(number);
        if (focusNext) wait(function () { return resultLinks()[next]; });
      });
      li.appendChild(button);
      ui.list.appendChild(li);
    }
  }

  // Focus what `find` returns once it exists (the next batch is rendered when its excerpts arrive).
  function wait(find, tries) {
    var target = find();
    if (target) target.focus();
    else if ((tries || 0) < 150) setTimeout(function () { wait(find, (tries || 0) + 1); }, 20);
  }

  function item(page) {
    var li = element("li", "md-search-result__item");
    var link = element("a", "md-search-result__link");
    var target = new URL(page.url, location.href);
    if (ui.terms.length) target.searchParams.set("h", ui.terms.join(" "));
    link.href = target.href;
    link.tabIndex = -1;
    var article = element("article", "md-search-result__article md-typeset");
    article.appendChild(title(page.title || page.url));
    var about = [page.kind, page.date].filter(Boolean).join(" · ");
    if (about) article.appendChild(element("p", "acc-search-about", about));
    article.appendChild(excerpt(page.excerpt || ""));
    link.appendChild(article);
    li.appendChild(link);
    return li;
  }

  function resultLinks() {
    return Array.prototype.slice.call(ui.list.querySelectorAll(".md-search-result__link"));
  }

  // -- Filters ------------------------------------------------------------------------------------

  // The filters' values are fetched when the reader asks for them (the button above the results): on
  // a large site they are a third of what a first query would otherwise fetch, and most searches never
  // use them. Then the button gives way to one list per filter, and the first takes the focus.
  function filterButton() {
    var button = element("button", "acc-search-filter-button", "Filter by kind, country, domain or year");
    button.type = "button";
    button.addEventListener("click", function () {
      if (ui.filtersLoaded) return;
      ui.filtersLoaded = true;
      button.textContent = "Loading the filters…";
      setUpFilters(document.activeElement === button).then(function () {
        if (button.parentNode) button.parentNode.removeChild(button);
      }, function () {
        ui.filtersLoaded = false;
        button.textContent = "The filters did not load: try again";
      });
    });
    ui.filters.appendChild(button);
    ui.filters.hidden = false;
  }

  function setUpFilters(focus) {
    return ask("filters", {}).then(function (answer) {
      var available = answer.filters;
      FILTERS.forEach(function (pair) {
        var values = Object.keys(available[pair[0]] || {});
        if (!values.length) return;
        values.sort(pair[0] === "year" ? function (a, b) { return b - a; } : function (a, b) { return a.localeCompare(b); });
        // A visible name above each list: once a value is chosen, the list shows only the value.
        var field = element("div", "acc-search-filter");
        var label = element("label", null, pair[1]);
        var select = element("select");
        select.name = pair[0];
        select.id = label.htmlFor = "acc-search-filter-" + pair[0];
        select.appendChild(option("", "Any " + pair[1].toLowerCase()));
        values.forEach(function (value) { select.appendChild(option(value, value)); });
        select.addEventListener("change", function () { clearButton(); run(); });
        field.appendChild(label);
        field.appendChild(select);
        ui.filters.appendChild(field);
        ui.selects.push(select);
      });
      if (ui.selects.length) {
        ui.clear = element("button", "acc-search-filter-button acc-search-clear", "Clear filters");
        ui.clear.type = "button";
        ui.clear.hidden = true;
        ui.clear.addEventListener("click", function () {
          ui.selects.forEach(function (select) { select.value = ""; });
          clearButton();
          ui.selects[0].focus();
          run();
        });
        ui.filters.appendChild(ui.clear);
      }
      ui.filters.hidden = !ui.selects.length;
      if (focus && ui.selects.length) ui.selects[0].focus();
    });
  }

  // "Clear filters" shows while a filter is chosen.
  function clearButton() {
    if (ui.clear) ui.clear.hidden = !Object.keys(chosenFilters()).length;
  }

  function option(value, label) {
    var node = document.createElement("option");
    node.value = value;
    node.textContent = label;
    return node;
  }

  // -- Opening, closing and keys ------------------------------------------------------------------

  function open() {
    if (!ui.toggle.checked) {
      ui.toggle.checked = true;
      ui.toggle.dispatchEvent(new Event("change"));
    }
    load();
  }

  function close() {
    if (ui.toggle.checked) {
      ui.toggle.checked = false;
      ui.toggle.dispatchEvent(new Event("change"));
    }
    // the focus leaves the closed box (a result or a filter keeps it out of sight otherwise)
    if (ui.box.contains(document.activeElement)) document.activeElement.blur();
  }

  function tabStops() {
    return Array.prototype.filter.call(ui.box.querySelectorAll("input, button, select, a[href]"), function (element) {
      return element.tabIndex >= 0 && !element.disabled && element.getClientRects().length > 0;
    });
  }

  function editable(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  function move(step) {
    var links = resultLinks();
    var at = links.indexOf(document.activeElement);
    var more = ui.list.querySelector(".acc-search-more button");
    if (more) links.push(more);
    if (at + step < 0) {
      ui.input.focus();
    } else if (links.length) {
      links[Math.min(at + step, links.length - 1)].focus();
      (links[Math.min(at + step, links.length - 1)]).scrollIntoView({ block: "nearest" });
    }
  }

  function highlightPage() {
    var terms = new URLSearchParams(location.search).get("h");
    var article = document.querySelector("article.md-content__inner");
    if (!terms || !article) return;
    var list = words(terms).filter(function (term) { return term.length > 1; });
    if (!list.length) return;
    // Whole words (and their plural), as search found them: "beca" marks BECA, not "became".
    var pattern = new RegExp("(^|[^\\p{L}\\p{N}])((?:" + list.map(function (term) {
      return term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }).join("|") + ")(?:e?s)?)(?![\\p{L}\\p{N}])", "giu");
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentNode.closest("script, style, mark, .headerlink") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var text = node.nodeValue;
      pattern.lastIndex = 0;
      if (!pattern.test(text)) return;
      pattern.lastIndex = 0;
      var fragment = document.createDocumentFragment();
      var last = 0;
      text.replace(pattern, function (whole, before, word, at) {
        var start = at + before.length;
        fragment.appendChild(document.createTextNode(text.slice(last, start)));
        fragment.appendChild(element("mark", "acc-highlight", word));
        last = start + word.length;
        return whole;
      });
      fragment.appendChild(document.createTextNode(text.slice(last)));
      node.parentNode.replaceChild(fragment, node);
    });
  }

  function setUp() {
    var box = document.querySelector("[data-acc-search]");
    var toggle = document.getElementById("__search");
    if (!box || !toggle || box.dataset.ready) return;
    box.dataset.ready = "1";
    ui = {
      box: box, toggle: toggle, form: box.querySelector("form"), input: box.querySelector(".md-search__input"),
      meta: box.querySelector(".md-search-result__meta"), list: box.querySelector(".md-search-result__list"),
      filters: box.querySelector(".acc-search-filters"), selects: [], count: 0, shown: 0, query: "", terms: [], whole: [], filtersLoaded: false
    };
    filterButton();
    // "(/)" in the placeholder names the key that reaches the box: nothing to a reader without a keyboard
    if (window.matchMedia && matchMedia("(hover: none) and (pointer: coarse)").matches) {
      ui.input.placeholder = ui.input.placeholder.replace(/\s*\(\/\)$/, "");
    }
    ui.input.addEventListener("focus", open);
    ui.input.addEventListener("input", function () { enter = false; schedule(); });
    ui.form.addEventListener("submit", function (event) { event.preventDefault(); });
    ui.form.addEventListener("reset", function () {
      setTimeout(function () { run(); ui.input.focus(); });
    });
    toggle.addEventListener("change", function () {
      if (toggle.checked && document.activeElement !== ui.input) ui.input.focus();
    });
    ui.input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        move(1);
      } else if (event.key === "Enter") {
        event.preventDefault();
        if (timer) run(); // the reader did not wait for the results: search now
        if (!running && !pending && answered === latest && resultLinks()[0]) resultLinks()[0].click();
        else enter = true; // open the first result when it comes
      }
    });
    ui.list.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        move(event.key === "ArrowDown" ? 1 : -1);
      }
    });
    // An open search is a dialog over the page (dimmed, or hidden on a phone): Tab goes round the box's
    // own controls (a result, reached with the arrows, goes on to the box), not into the page behind it.
    ui.box.addEventListener("keydown", function (event) {
      if (event.key !== "Tab" || !toggle.checked) return;
      var stops = tabStops();
      var from = document.activeElement; // a control, or a result (reached with the arrows, not Tab)
      var onward = stops.filter(function (stop) {
        return from.compareDocumentPosition(stop) & (event.shiftKey ? Node.DOCUMENT_POSITION_PRECEDING : Node.DOCUMENT_POSITION_FOLLOWING);
      });
      if (stops.length && !onward.length) {
        event.preventDefault();
        stops[event.shiftKey ? stops.length - 1 : 0].focus();
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "Escape" && toggle.checked) {
        event.preventDefault();
        close();
      } else if ((event.key === "/" || event.key === "s" || event.key === "S") && !editable(event.target)) {
        event.preventDefault();
        ui.input.focus();
      }
    });
    highlightPage();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
