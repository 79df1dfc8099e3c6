// Accords: the search itself, in a worker that docs/assets/search.js starts when the reader focuses
// the search box, so that the page never waits for it. It runs Pagefind (its own worker turned off:
// this is one) and keeps the results of the latest query only, so each earlier query's results become
// garbage as soon as the next one answers. At 10,000 records a query can match thousands of pages,
// each result holding every place its words occur; Pagefind's own worker keeps every result until the
// page's copy of it is collected, which a page that allocates little may not do for minutes: 30 MB
// more after typing a title. The page gets plain data: the count, and the results it shows.
"use strict";

var pagefind = null; // the promise of the loaded Pagefind module
var latest = { number: 0, results: [] }; // the latest query's results, for "Show more"

// Words too common to tell pages apart: left out of a query that has other words (they matched every
// page, cost the most to fetch and rank, and changed no ranking).
var COMMON = new Set("a an and are as at be by for from in into is it its of on or the to was were with".split(" "));
// Pagefind matches every word of a query as the start of a word ("beca" finds "became"), which is
// right while a word is being typed. A short word the index holds whole is taken as meant whole: a
// page must hold it (or a word of the same stem). Long words are left as Pagefind reads them: a
// longer word that starts with them is rarely another thing, and checking a word on thousands of
// pages costs more than it sorts out. Results keep Pagefind's ranking.
var WHOLE = 5; // the longest word checked whole

function load(root) {
  if (!pagefind) {
    pagefind = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
      return module.options({ baseUrl: new URL(root).pathname, excerptLength: 24, noWorker: true }).then(function () {
        return module.init();
      }).then(function () { return module; });
    });
  }
  return pagefind;
}

// The words searched for: the query's words less the common ones, unless nothing else is left.
function searched(terms) {
  var rare = terms.filter(function (term) { return !COMMON.has(term); });
  return rare.length ? rare : terms;
}

function search(pf, terms, filters) {
  if (!terms.length) {
    return pf.search(null, { filters: filters }).then(function (found) { return { results: found.results, whole: [] }; });
  }
  terms = searched(terms);
  var checked = terms.filter(function (term) { return term.length <= WHOLE && !COMMON.has(term); });
  return Promise.all([pf.search(terms.join(" "), { filters: filters })].concat(checked.map(function (term) {
    return pf.search('"' + term + '"', { filters: filters });
  }))).then(function (answers) {
    var whole = [], pages = [];
    answers.slice(1).forEach(function (exact, i) {
      if (!exact.results.length) return;
      whole.push(checked[i]);
      pages.push(new Set(exact.results.map(function (result) { return result.id; })));
    });
    return {
      results: answers[0].results.filter(function (result) {
        return pages.every(function (ids) { return ids.has(result.id); });
      }),
      whole: whole
    };
  });
}

// What the page shows of a result: no text of the page but its excerpt, no word locations.
function shown(results) {
  return Promise.all(results.map(function (result) { return result.data(); })).then(function (data) {
    return data.map(function (page) {
      var meta = page.meta || {};
      return { url: page.url, title: meta.title || "", kind: meta.kind || "", date: meta.date || "", excerpt: page.excerpt || "" };
    });
  });
}

var HANDLERS = {
  // { number, terms, filters, batch } → { terms, whole, count, pages }: the words searched for, those
  // meant whole, how many results and the first batch of them
  search: function (pf, message) {
    return search(pf, message.terms, message.filters).then(function (found) {
      latest = { number: message.number, results: found.results };
      return shown(found.results.slice(0, message.batch)).then(function (pages) {
        return { terms: searched(message.terms), whole: found.whole, count: found.results.length, pages: pages };
      });
    });
  },
  // { number, from, batch } → { pages }: the next batch of the latest query's results
  more: function (pf, message) {
    var results = message.number === latest.number ? latest.results : [];
    return shown(results.slice(message.from, message.from + message.batch)).then(function (pages) {
      return { pages: pages };
    });
  },
  // { terms, filters }: fetch the parts of the index these words need, while the reader types on
  preload: function (pf, message) {
    return pf.preload(searched(message.terms).join(" "), { filters: message.filters }).then(function () { return {}; });
  },
  // → { filters }: each filter's values with their counts
  filters: function (pf) {
    return pf.filters().then(function (filters) { return { filters: filters }; });
  },
  // loads Pagefind and its entry files
  load: function () { return Promise.resolve({}); }
};

self.onmessage = function (event) {
  var message = event.data;
  load(message.root).then(function (pf) {
    return HANDLERS[message.type](pf, message);
  }).then(function (answer) {
    answer.id = message.id;
    self.postMessage(answer);
  }, function (error) {
    self.postMessage({ id: message.id, error: String(error) });
  });
};
