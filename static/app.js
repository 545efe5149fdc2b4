// Lang Portal's own script. Every page works without it: it only adds
// keyboard shortcuts to Flashcards, listening where the browser has a
// Japanese voice, keeps a round's score in view when htmx swaps in the
// summary, and opens external study apps in a new tab.
(function () {
  "use strict";

  // Listening: where the browser has a Japanese voice, the page is marked
  // data-voice="ja" (which shows every .listen-only element), and a click on
  // a [data-speak] control says its text. Voices load asynchronously: the
  // list is read again when it changes.
  var speech = window.speechSynthesis;
  var jaVoice = null;
  function findVoice() {
    var voices = (speech && speech.getVoices && speech.getVoices()) || [];
    jaVoice = null;
    for (var i = 0; i < voices.length; i++) {
      if (voices[i] && String(voices[i].lang || "").toLowerCase().indexOf("ja") === 0) {
        jaVoice = voices[i];
        break;
      }
    }
    if (jaVoice) {
      document.documentElement.setAttribute("data-voice", "ja");
      // Pages' own scripts (typing.js) start listening on this.
      document.dispatchEvent(new Event("langportal:voice"));
    } else {
      document.documentElement.removeAttribute("data-voice");
    }
  }
  if (speech && typeof SpeechSynthesisUtterance === "function") {
    findVoice();
    if (speech.addEventListener) {
      speech.addEventListener("voiceschanged", findVoice);
    }
  }
  function speak(text) {
    if (!jaVoice || !text) {
      return;
    }
    var utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = "ja-JP";
    try {
      utterance.voice = jaVoice;
    } catch (e) {
      // Not a SpeechSynthesisVoice: the lang alone chooses the voice.
    }
    speech.cancel();
    speech.speak(utterance);
  }
  // For the pages' own scripts: say a text with the Japanese voice.
  window.langPortal = { speak: speak };
  document.addEventListener("click", function (event) {
    var control = event.target.closest && event.target.closest("[data-speak]");
    if (control) {
      event.preventDefault();
      speak(control.getAttribute("data-speak"));
    }
  });

  // Flashcards: Space shows the answer, then 1 or J "I knew it", 2 or K "I
  // didn't". The grading buttons live inside the answer, so a key grades
  // only once the answer is shown, as a click can.
  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.altKey || event.metaKey || event.repeat) {
      return;
    }
    var card = document.getElementById("flashcard");
    var target = event.target;
    if (!card || (target.closest && target.closest("input, textarea, select, [contenteditable]"))) {
      return;
    }
    // U or Ctrl+Z takes the last answer back, as the Undo button does.
    if ((event.ctrlKey && (event.key === "z" || event.key === "Z")) || (!event.ctrlKey && (event.key === "u" || event.key === "U"))) {
      var undo = card.querySelector('[data-testid="undo"]');
      if (undo && !undo.disabled) {
        event.preventDefault();
        undo.click();
      }
      return;
    }
    if (event.ctrlKey) {
      return;
    }
    function press(selector) {
      var button = card.querySelector(selector);
      if (button && !button.disabled && !button.closest("details:not([open])")) {
        event.preventDefault();
        button.click();
      }
    }
    switch (event.key) {
      case " ":
        // On a focused button, link or summary, Space keeps its own meaning.
        if (target.closest && target.closest("button, a, summary")) {
          return;
        }
        var answer = card.querySelector("details");
        if (answer) {
          event.preventDefault();
          answer.open = !answer.open;
        }
        return;
      case "1":
      case "j":
      case "J":
        press('[data-testid="knew-it"]');
        return;
      case "2":
      case "k":
      case "K":
        press('[data-testid="didnt-know"]');
        return;
      case "l":
      case "L":
        // The card's Listen control, where it shows (not in a closed answer).
        var listen = card.querySelector("[data-speak]");
        if (jaVoice && listen && !listen.closest("details:not([open])")) {
          event.preventDefault();
          speak(listen.getAttribute("data-speak"));
        }
        return;
    }
  });

  // A round's summary shows its score first: when htmx swaps it in, the page
  // may be scrolled down to where the answer buttons were, so bring the
  // score into view (the focused Retry button sits just below it).
  document.addEventListener("htmx:afterSettle", function () {
    var score = document.querySelector('#flashcard [data-testid="summary-score"]');
    if (!score) {
      return;
    }
    var box = score.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) {
      document.getElementById("flashcard").scrollIntoView({ block: "start" });
    }
  });

  // External study apps open in a new tab. The tab is opened by the launch
  // click itself (so no pop-up blocker stops it) and sent to the app once the
  // portal has created the session and named the app's address.
  var pendingTab = null;
  document.addEventListener("submit", function (event) {
    if (event.target.matches && event.target.matches("[data-external-launch]")) {
      pendingTab = window.open("", "_blank");
    }
  });
  document.addEventListener("openActivity", function (event) {
    var url = event.detail && event.detail.url;
    if (!url) {
      return;
    }
    if (pendingTab && !pendingTab.closed) {
      pendingTab.opener = null;
      pendingTab.location.href = url;
    } else {
      window.open(url, "_blank", "noopener");
    }
    pendingTab = null;
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    // A refused launch (bad input, server error) closes the tab it prepared.
    if (pendingTab && event.detail && !event.detail.successful) {
      pendingTab.close();
      pendingTab = null;
    }
  });
})();
