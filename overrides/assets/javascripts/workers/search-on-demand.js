/* Material's search worker, started when a visitor searches instead of on every page.

   Material hands its worker the index of the whole site as each page loads, and the worker then
   builds the lunr index from it: a quarter of what a page costs the browser, on a phone the
   slowest work after the page has loaded, for every visitor, also those who never search. This
   worker stands in front of Material's (overrides/main.html points Material's configuration at
   it): it keeps the index Material sends, says "ready" at once and answers the empty query sent
   on load with no results; the first query with words loads Material's worker (lunr and the
   Swedish stemmer), hands it the index and, once it is built, the queries. Same folder as
   Material's worker, so that its "../lunr" means the same. The message types are Material's
   (SearchMessageType in its worker: SETUP 0, READY 1, QUERY 2, RESULT 3). */
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;

/* Material's worker, by name, from our own address (?material=search.<hash>.min.js). */
var material = new URL(self.location.href).searchParams.get("material");
if (!/^search\.[0-9a-f]+\.min\.js$/.test(material || "")) {
  throw new Error("search-on-demand.js: no Material search worker named in ?material=");
}

var kept = null;      /* Material's SETUP message, until someone searches */
var built = null;     /* a promise of Material's worker having built the index */
var passed = new WeakSet();

function pass(message) {
  /* To Material's own listener, which is registered after ours. */
  var event = new MessageEvent("message", { data: message });
  passed.add(event);
  self.dispatchEvent(event);
}

function build() {
  if (!built) {
    built = new Promise(function (resolve) {
      /* Material answers the kept SETUP with READY once the index is built: the page heard
         READY from us already, so that one is ours to take. */
      var post = self.postMessage;
      self.postMessage = function (message) {
        if (message && message.type === READY) {
          self.postMessage = post;
          resolve();
        } else {
          post.call(self, message);
        }
      };
      self.importScripts(material);
      pass(kept);
    });
  }
  return built;
}

self.addEventListener("message", function (event) {
  if (passed.has(event)) return;
  event.stopImmediatePropagation();
  var message = event.data;
  if (message.type === SETUP) {
    kept = message;
    self.postMessage({ type: READY });
  } else if (message.type === QUERY && !built && !String(message.data).trim()) {
    self.postMessage({ type: RESULT, data: { items: [] } });
  } else {
    build().then(function () { pass(message); });
  }
});
