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

    /* The filters are kept in the address, so that a filtered list can be shared or bookmarked. */
    function remember() {
      var url = new URL(window.location.href);
      ["q", "sector", "municipality"].forEach(function (name) {
        var value = form.elements[name].value.trim();
        if (value) url.searchParams.set(name, value); else url.searchParams.delete(name);
      });
      window.history.replaceState(window.history.state, "", url);
    }

    form.addEventListener("input", function () { apply(); remember(); });
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
    /* An event page: no invitation to add an event that has ended, and a note that it has. */
    root.querySelectorAll("[data-px-until]").forEach(function (node) {
      if (Date.parse(node.dataset.pxUntil) <= now) node.hidden = true;
    });
    root.querySelectorAll("[data-px-after]").forEach(function (node) {
      if (Date.parse(node.dataset.pxAfter) <= now) node.hidden = false;
    });
    /* A month grid: today is the reader's day, not the build's. */
    var today = new Date(now);
    var iso = today.getFullYear() + "-" + String(today.getMonth() + 1).padStart(2, "0") + "-" +
      String(today.getDate()).padStart(2, "0");
    root.querySelectorAll("td[data-px-date]").forEach(function (cell) {
      cell.classList.toggle("px-grid__day--today", cell.dataset.pxDate === iso);
    });
  }

  /* Copy buttons beside addresses: shown only where the script runs; the field stays selectable
     by hand. The button says it copied, for sighted and screen reader users alike. */
  function setUpCopy(root) {
    root.querySelectorAll("[data-px-copy]").forEach(function (button) {
      var field = document.getElementById(button.dataset.pxCopy);
      if (!field || !navigator.clipboard) return;
      var label = button.textContent;
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(field.value).then(function () {
          button.textContent = button.dataset.pxCopied;
          setTimeout(function () { button.textContent = label; }, 2000);
        }, function () { field.select(); });
      });
    });
  }

  /* Material's menu button on a phone is a label for a hidden checkbox: the keyboard cannot reach
     it, and the links of the closed drawer beside the screen took the focus instead (the style
     sheet takes them out of the tab order). A real button takes the label's place: it opens the
     drawer and moves the focus into it; Escape closes it and returns the focus. Its name is the
     site's word for the menu, from the page's <meta name="px-menu">. */
  function setUpDrawer() {
    var toggle = document.getElementById("__drawer");
    var label = document.querySelector('.md-header label.md-header__button[for="__drawer"]');
    var drawer = document.querySelector(".md-sidebar--primary");
    var name = document.querySelector('meta[name="px-menu"]');
    if (!toggle || !label || !drawer || !name || document.querySelector(".px-menu-button")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-header__button md-icon px-menu-button";
    button.setAttribute("aria-label", name.content);
    button.setAttribute("aria-expanded", String(toggle.checked));
    button.append.apply(button, Array.prototype.map.call(label.childNodes, function (n) { return n.cloneNode(true); }));
    label.replaceWith(button);
    function set(open) {
      toggle.checked = open;
      toggle.dispatchEvent(new Event("change"));
    }
    button.addEventListener("click", function () {
      set(!toggle.checked);
      if (toggle.checked) {
        var first = drawer.querySelector("a[href]");
        if (first) setTimeout(function () { first.focus(); }, 50);
      }
    });
    toggle.addEventListener("change", function () {
      button.setAttribute("aria-expanded", String(toggle.checked));
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.checked) {
        set(false);
        button.focus();
      }
    });
  }

  function start() {
    setUpEmail(document);
    setUpDirectory(document);
    setUpCopy(document);
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

  /* A page outside the menu (a member, an event) belongs to the section whose address its own
     starts with: mark that tab, as Material marks the tab of a page in the menu. */
  function markSectionTab() {
    var tabs = document.querySelectorAll(".md-tabs__item");
    if (!tabs.length || document.querySelector(".md-tabs__item--active")) return;
    var here = window.location.pathname, best = null, length = 1;
    tabs.forEach(function (tab) {
      var link = tab.querySelector("a.md-tabs__link");
      var path = link ? new URL(link.href).pathname : "";
      if (path.length > length && here.indexOf(path) === 0) { best = tab; length = path.length; }
    });
    if (best) best.classList.add("md-tabs__item--active");
  }

  setUpDrawer();
  markSectionTab();

  /* Material swaps pages without reloading when navigation.instant is on. */
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
