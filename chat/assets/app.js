// policykb app: Chinese assistive texts where Gradio writes English without an i18n key, and the start of
// each new answer scrolled into view (a phone shows the first line of the answer, not the tail of a quote).
(function () {
  var text = window.policykbText || { exact: {}, prefix: {} };
  function relabel(el) {
    ["aria-label", "title", "alt"].forEach(function (attr) {
      var value = el.getAttribute(attr);
      if (!value) return;
      if (Object.prototype.hasOwnProperty.call(text.exact, value)) {
        el.setAttribute(attr, text.exact[value]);
        return;
      }
      Object.keys(text.prefix).forEach(function (head) {
        if (value.indexOf(head) === 0) {
          // the message's text, not its HTML source (DOMParser runs no script and loads nothing)
          var doc = new DOMParser().parseFromString(value.slice(head.length), "text/html");
          var shown = (doc.body.textContent || "").replace(/\s+/g, " ").trim().slice(0, 300);
          el.setAttribute(attr, text.prefix[head] + shown);
        }
      });
    });
  }
  function relabelAll(root) {
    if (!root.querySelectorAll) return;
    if (root.hasAttribute && (root.hasAttribute("aria-label") || root.hasAttribute("title") || root.hasAttribute("alt"))) relabel(root);
    root.querySelectorAll("[aria-label],[title],[alt]").forEach(relabel);
  }
  var answers = 0;
  var CLEAR = 52; // the chat's label and buttons sit over the top of its scroll area
  function scroller(el) {
    for (var node = el.parentElement; node; node = node.parentElement) {
      var style = getComputedStyle(node);
      if (/(auto|scroll)/.test(style.overflowY) && node.scrollHeight > node.clientHeight) return node;
    }
    return null;
  }
  function showStart(el) {
    // the chat scrolls to the start of the answer; the page moves only if that start is out of view
    var box = scroller(el);
    if (box) box.scrollTop += el.getBoundingClientRect().top - box.getBoundingClientRect().top - CLEAR;
    var top = el.getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight - 120) window.scrollBy(0, top - CLEAR);
  }
  function showNewAnswer() {
    var all = document.querySelectorAll("#qa-chat .answer-text");
    if (all.length > answers) {
      var last = all[all.length - 1];
      var bubble = last.closest(".message-row") || last.closest(".message") || last;
      showStart(bubble);
    }
    answers = all.length;
    // the household result: its summary (or the message what to correct) comes into view
    var result = document.querySelector("#hh-result .hh-summary, #hh-result .form-error");
    if (result && result !== shownResult) {
      shownResult = result;
      result.scrollIntoView({ block: "start", behavior: "auto" });
    }
  }
  var shownResult = null;
  var pending = false;
  var observer = new MutationObserver(function (mutations) {
    mutations.forEach(function (m) {
      if (m.type === "attributes") relabel(m.target);
      m.addedNodes && m.addedNodes.forEach(function (n) { if (n.nodeType === 1) relabelAll(n); });
    });
    if (!pending) {
      pending = true;
      requestAnimationFrame(function () { pending = false; showNewAnswer(); });
    }
  });
  function start() {
    relabelAll(document.body);
    observer.observe(document.body, { subtree: true, childList: true, attributes: true,
                                      attributeFilter: ["aria-label", "title", "alt"] });
  }
  if (document.body) start(); else document.addEventListener("DOMContentLoaded", start);
})();
