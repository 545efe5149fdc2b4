// Typing's script, loaded only on Typing pages (after wanakana.min.js).
// Every Typing page works without it: the server converts romaji and the
// listening prompt shows the word instead of saying it. With it:
//   - an answer field for a reading ([data-kana]) turns romaji into kana as
//     the learner types (wanakana's IME mode);
//   - where the browser has a Japanese voice, the listening prompt is
//     offered at launch, and its cards say the word (and hide it).
(function () {
  "use strict";

  // wanakana and htmx come as separate deferred scripts: bind fields
  // whenever one of them, or new content, arrives.
  function bindFields(root) {
    if (!window.wanakana || !root.querySelectorAll) {
      return;
    }
    root.querySelectorAll("input[data-kana]").forEach(function (input) {
      if (input.dataset.kanaBound) {
        return;
      }
      input.dataset.kanaBound = "true";
      window.wanakana.bind(input, { IMEMode: true });
    });
  }

  // With a voice: show what needs one, hide the listening card's word and
  // say it once per card.
  function useVoice(root) {
    if (document.documentElement.getAttribute("data-voice") !== "ja" || !root.querySelectorAll) {
      return;
    }
    root.querySelectorAll("[data-needs-voice]").forEach(function (el) {
      el.hidden = false;
      el.querySelectorAll("input[disabled]").forEach(function (input) {
        input.disabled = false;
        if (input.hasAttribute("data-preferred")) {
          input.checked = true;
        }
      });
    });
    root.querySelectorAll("[data-needs-voice] [data-speak]").forEach(function (button) {
      if (!button.dataset.spoken) {
        button.dataset.spoken = "true";
        window.langPortal.speak(button.dataset.speak);
      }
    });
  }

  function enhance(root) {
    bindFields(root);
    useVoice(root);
  }

  // app.js says a [data-speak] control's text when it is clicked; the
  // learner goes on typing.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-speak]");
    if (button) {
      var input = document.getElementById("typing-answer");
      if (input) {
        input.focus();
      }
    }
  });

  // wanakana's script firing load (capture: load does not bubble).
  document.addEventListener(
    "load",
    function (event) {
      if (event.target && event.target.tagName === "SCRIPT") {
        bindFields(document);
      }
    },
    true
  );
  document.addEventListener("htmx:load", function (event) {
    enhance(event.detail && event.detail.elt ? event.detail.elt : document);
  });
  // app.js finds the Japanese voice (voices load asynchronously) and says
  // when it has one.
  document.addEventListener("langportal:voice", function () {
    enhance(document);
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      enhance(document);
    });
  } else {
    enhance(document);
  }
})();
