/* The partnership site's behaviour. Everything here improves a page that already works
   without it: the directory filters narrow a list that is complete without them, and
   e-mail links are joined from parts that harvesters do not read. */
(function () {
  "use strict";

  function fold(text) {
    return text.toLocaleLowerCase("sv").normalize("NFC");
  }

  function setUpEmail(root) {
    root.querySelectorAll("[data-px-email]").forEach(function (node) {
      var address = node.dataset.u.split("").reverse().join("") + "@" +
        node.dataset.d.split("").reverse().join("");
      var link = document.createElement("a");
      link.href = "mailto:" + address;
      link.textContent = address;
      node.replaceChildren(link);
    });
  }

  function setUpDirectory(root) {
    var directory = root.querySelector("[data-px-directory]");
    if (!directory) return;
    var form = directory.querySelector("[data-px-filter]");
    var status = directory.querySelector("[data-px-status]");
    var cards = Array.prototype.slice.call(directory.querySelectorAll(".px-card"));
    var groups = directory.querySelectorAll("[data-px-group]");
    var params = new URLSearchParams(window.location.search);
    ["q", "sector", "municipality"].forEach(function (name) {
      if (params.has(name)) form.elements[name].value = params.get(name);
    });

    function apply() {
      var words = fold(form.elements.q.value).split(/\s+/).filter(Boolean);
      var sector = form.elements.sector.value;
      var municipality = form.elements.municipality.value;
      var shown = 0;
      cards.forEach(function (card) {
        var text = fold(card.dataset.search);
        var match = (!sector || card.dataset.sector === sector) &&
          (!municipality || card.dataset.municipality === municipality) &&
          words.every(function (word) { return text.indexOf(word) !== -1; });
        card.hidden = !match;
        if (match) shown += 1;
      });
      groups.forEach(function (group) {
        group.hidden = !group.querySelector(".px-card:not([hidden])");
      });
      var filtered = words.length || sector || municipality;
      status.textContent = !filtered ? "" : shown === 0 ? status.dataset.empty :
        status.dataset.template.replace("{shown}", shown).replace("{total}", cards.length);
    }

    form.addEventListener("input", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    apply();
  }

  /* A static page goes stale between builds: hide what has ended since, and on lists that
     show a fixed number (the home page), let the next event move up. */
  function hidePassed(root) {
    var now = Date.now();
    root.querySelectorAll("[data-px-upcoming]").forEach(function (list) {
      var limit = parseInt(list.dataset.pxShow || "0", 10);
      var shown = 0;
      list.querySelectorAll("[data-px-ends]").forEach(function (item) {
        var ended = Date.parse(item.dataset.pxEnds) <= now;
        var show = !ended && (!limit || shown < limit);
        item.hidden = !show;
        if (show) shown += 1;
      });
      list.querySelectorAll("[data-px-month]").forEach(function (month) {
        month.hidden = !month.querySelector("[data-px-ends]:not([hidden])");
      });
    });
  }

  function start() {
    setUpEmail(document);
    setUpDirectory(document);
    hidePassed(document);
  }

  /* Material reads every <link rel="alternate"> as another language of the site and fetches
     sitemap.xml beside it (for the feeds /kalender/sitemap.xml and /nyheter/sitemap.xml: a 404
     on every page). The feed links are for feed readers, which read the HTML as served; in the
     page, give them a second keyword so that Material's [rel=alternate] no longer matches. A
     language alternate has hreflang and is left alone. This script is deferred, so it runs
     before DOMContentLoaded, when Material looks. */
  document.querySelectorAll('link[rel="alternate"][type]:not([hreflang])').forEach(function (link) {
    link.rel = "alternate feed";
  });

  /* Material swaps pages without reloading when navigation.instant is on. */
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
