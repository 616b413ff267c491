// Quiz attempt page, progressive enhancement: the form works without this file.
// - autosave, question by question: only the questions changed on this page are sent, each with
//   the sequence the page holds, and each save carries a key "<page>-<count>" the server keeps;
//   a save that fails is retried with a growing pause until the server has the answers;
// - leaving the page (a link, a reload, closing the tab) first sends what is unsaved, with a
//   beacon, and keeps it in the tab's session storage until the server has it;
// - the navigation panel: each question marked answered or not as its answer changes;
// - flags: a question's flag button toggles in place (without script it sends the whole form);
// - countdown: the time left, said to screen readers at 5 and 1 minutes, and the attempt is
//   submitted when it runs out.
(function () {
  "use strict";

  var form = document.getElementById("attempt-form");
  if (!form) { return; }
  var status = document.getElementById("save-status");
  var lang = document.documentElement.lang || "fr";
  var words = JSON.parse(form.dataset.words);
  var storageKey = "relais-attempt-" + form.dataset.attempt;

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, name) { return values[name]; });
  }
  function say(text) { if (status) { status.textContent = text; } }

  // In the zone the page shows its times in (the person's office), named as the page names it.
  var zone = status && status.dataset.timezone;
  function timeOfSave(iso) {
    var moment = new Date(iso);
    try {
      var parts = new Intl.DateTimeFormat(lang, { timeZone: zone, timeZoneName: "long" })
        .formatToParts(moment);
      var name = parts.filter(function (part) { return part.type === "timeZoneName"; })[0].value;
      return moment.toLocaleTimeString(lang, { timeZone: zone }) + " (" + name + ")";
    } catch (error) {  // a zone this browser does not know: its own zone, as before
      return moment.toLocaleTimeString(lang);
    }
  }

  // --- the questions and what this page changed ----------------------------------------------

  var pageName = Array.prototype.map.call(
    window.crypto.getRandomValues(new Uint8Array(12)),
    function (byte) { return ("0" + byte.toString(16)).slice(-2); }
  ).join("");
  var saveCount = 0;
  function newKey() { saveCount += 1; return pageName + "-" + saveCount; }

  var questions = {};  // position → {fieldset, sequence (its hidden field), changes}
  Array.prototype.forEach.call(form.querySelectorAll("fieldset.question"), function (fieldset) {
    var sequence = fieldset.querySelector("input[name$='-sequence']");
    if (!sequence) { return; }
    // A question this page did not change is not sent: it keeps the answer the server holds,
    // even if another tab changed it since this page was loaded.
    sequence.disabled = true;
    questions[sequence.name.replace(/^q|-sequence$/g, "")] = { fieldset: fieldset, sequence: sequence, changes: 0 };
  });
  function positions() { return Object.keys(questions); }
  function unsaved() { return positions().filter(function (p) { return !questions[p].sequence.disabled; }); }

  // The fields of a question's answer: not its sequence, nor its flag button.
  function isAnswerField(element, position) {
    return element.name && element.name !== questions[position].sequence.name &&
      element.tagName !== "BUTTON";
  }

  function fieldsOf(position) {
    var fields = [];
    Array.prototype.forEach.call(questions[position].fieldset.elements, function (element) {
      if (!isAnswerField(element, position)) { return; }
      if ((element.type === "radio" || element.type === "checkbox") && !element.checked) { return; }
      fields.push([element.name, element.value]);
    });
    return fields;
  }

  function restore(position, fields) {
    Array.prototype.forEach.call(questions[position].fieldset.elements, function (element) {
      if (!isAnswerField(element, position)) { return; }
      var values = fields.filter(function (pair) { return pair[0] === element.name; })
        .map(function (pair) { return pair[1]; });
      if (element.type === "radio" || element.type === "checkbox") {
        element.checked = values.indexOf(element.value) !== -1;
      } else {
        element.value = values.length ? values[0] : "";
      }
    });
  }

  // What is unsaved stays in this tab's storage until the server has it: a reload that overtakes
  // its beacon finds it there.
  function remember() {
    var kept = {};
    unsaved().forEach(function (p) {
      kept[p] = { sequence: questions[p].sequence.value, fields: fieldsOf(p) };
    });
    try {
      if (Object.keys(kept).length) { window.sessionStorage.setItem(storageKey, JSON.stringify(kept)); }
      else { window.sessionStorage.removeItem(storageKey); }
    } catch (error) { /* storage refused (private mode): the beacon still goes */ }
  }

  function recall() {
    var kept;
    try { kept = JSON.parse(window.sessionStorage.getItem(storageKey) || "{}"); } catch (error) { kept = {}; }
    var found = false;
    Object.keys(kept).forEach(function (p) {
      // A newer sequence on the page: the server has something newer (this beacon, or another tab).
      if (!questions[p] || questions[p].sequence.value !== kept[p].sequence) { return; }
      restore(p, kept[p].fields);
      changed(p);
      found = true;
    });
    return found;
  }

  // --- saving -------------------------------------------------------------------------------

  var timer = null;
  var sending = false;
  var submitting = false;
  var failures = 0;  // saves refused by the network or the server in a row
  var refused = false;  // the server refused the answers: retrying would not help
  var sent = null;  // {key, changes: position → changes sent}

  function changed(position) {
    var question = questions[position];
    question.changes += 1;
    question.sequence.disabled = false;
    refused = false;
    mark(position);
  }

  // The navigation panel: each question answered or not, in words (the server wrote the first).
  function mark(position) {
    var link = document.querySelector(".quiz-nav a[data-question='" + position + "']");
    if (!link) { return; }
    var answered = fieldsOf(position).some(function (pair) { return pair[1] !== ""; });
    link.className = answered ? "answered" : "unanswered";
    link.querySelector(".nav-state").textContent = answered ? words.answered : words.unanswered;
  }

  function payload() {
    var changes = {};
    unsaved().forEach(function (p) { changes[p] = questions[p].changes; });
    // The same answers again (a retry) go with the same key; anything changed, with a new one.
    if (!sent || JSON.stringify(sent.changes) !== JSON.stringify(changes)) {
      sent = { key: newKey(), changes: changes };
    }
    var data = new FormData(form);
    data.set("save_key", sent.key);
    return { data: data, sent: sent };
  }

  function saved(body, sentNow) {
    Object.keys(body.sequences).forEach(function (p) {
      var question = questions[p];
      if (!question) { return; }
      question.sequence.value = String(body.sequences[p]);
      if (sentNow.changes[p] === question.changes) { question.sequence.disabled = true; }
    });
    var messages = body.kept.map(function (kept) {
      var question = questions[String(kept.position)];
      if (question) { question.sequence.value = String(kept.sequence); question.sequence.disabled = true; }
      return kept.message;
    });
    say(messages.length ? messages.join(" ") : fill(words.saved, { time: timeOfSave(body.saved_at) }));
  }

  function retry() {
    failures += 1;
    say(words.retrying);
    window.clearTimeout(timer);
    timer = window.setTimeout(save, Math.min(30000, 1000 * Math.pow(2, failures - 1)));
  }

  function save() {
    window.clearTimeout(timer);
    if (sending || submitting || !unsaved().length) { return; }
    sending = true;
    var outgoing = payload();
    say(words.saving);
    fetch(form.dataset.saveUrl, {
      method: "POST",
      body: outgoing.data,
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (body) {
        return { status: response.status, body: body };
      }, function () { return { status: response.status, body: {} }; });
    }).then(function (result) {
      if (result.status === 200) {
        failures = 0;
        saved(result.body, outgoing.sent);
      } else if (result.status >= 500 || result.status === 429 || result.status === 408) {
        retry();  // the server is away or busy: the answers go again, with the same key
      } else {
        // The quiz's refusals send a sentence; the site's error pages send {title, message}.
        var error = result.body.error;
        refused = true;
        say(fill(words.failed, { reason: typeof error === "string" ? error : (error && error.message) || "" }));
      }
    }, retry).then(function () {
      sending = false;
      remember();
      if (waitingSubmitter) {
        var submitter = waitingSubmitter;
        waitingSubmitter = null;
        if (submitter === form) { form.requestSubmit(); } else { form.requestSubmit(submitter); }
      } else if (unsaved().length && !refused && !failures) {
        schedule();  // changed while the save was on its way
      }
    });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 600);
  }

  function questionOf(target) {
    var fieldset = target.closest && target.closest("fieldset.question");
    var sequence = fieldset && fieldset.querySelector("input[name$='-sequence']");
    return sequence ? sequence.name.replace(/^q|-sequence$/g, "") : null;
  }
  function onEdit(event) {
    var position = questionOf(event.target);
    if (position === null || !questions[position]) { return; }
    changed(position);
    remember();
    schedule();
  }
  form.addEventListener("change", onEdit);
  form.addEventListener("input", function (event) {
    if (event.target.type === "text" || event.target.tagName === "TEXTAREA") { onEdit(event); }
  });

  // A submit (finish, save, or the language switch, which sends this form) carries the changed
  // questions itself. One sent while an autosave is on its way waits for it, then goes.
  var waitingSubmitter = null;
  var keyField = document.createElement("input");
  keyField.type = "hidden";
  keyField.name = "save_key";
  form.appendChild(keyField);
  form.addEventListener("submit", function (event) {
    window.clearTimeout(timer);
    if (sending) {
      event.preventDefault();
      waitingSubmitter = event.submitter || form;  // the form itself: its action, the final submit
      return;
    }
    keyField.value = newKey();
    submitting = true;
    remember();
  });

  // Leaving by a link, a reload or closing the tab: what is unsaved goes first, as a beacon
  // (form fields, the CSRF token among them). A save that cannot succeed warns instead.
  var beaconed = null;  // the key of the last beacon: leaving fires several events
  function sendBeacon() {
    if (submitting || !unsaved().length || !navigator.sendBeacon) { return; }
    remember();
    var outgoing = payload();
    if (outgoing.sent.key === beaconed) { return; }
    beaconed = outgoing.sent.key;
    // A beacon cannot ask for JSON: its mark gets an empty answer, no message for the next page.
    outgoing.data.set("beacon", "1");
    navigator.sendBeacon(form.dataset.saveUrl, outgoing.data);
  }
  window.addEventListener("beforeunload", function (event) {
    if (submitting || !unsaved().length) { return; }
    sendBeacon();
    if (refused || failures) {
      event.preventDefault();
      event.returnValue = words.unsaved;
    }
  });
  window.addEventListener("pagehide", sendBeacon);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { sendBeacon(); } else if (unsaved().length) { save(); }
  });
  window.addEventListener("online", function () { if (failures) { save(); } });
  // Back from the page cache (the back button): the page runs on, its saves may have waited.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { submitting = false; if (unsaved().length) { save(); } }
  });

  // --- flags --------------------------------------------------------------------------------
  // A flag button toggles in place: the same route as without script, asked for JSON, sent with
  // the page's token and the flag alone (the answers go by their own saves).
  function showFlag(position, flagged) {
    var button = form.querySelector("button[data-flag='" + position + "']");
    if (button) {
      button.setAttribute("aria-pressed", flagged ? "true" : "false");
      button.value = flagged ? "0" : "1";  // what the next press asks for
    }
    var mark = document.querySelector(".quiz-nav a[data-question='" + position + "'] .nav-flag");
    if (mark) { mark.hidden = !flagged; }
  }

  function sendFlag(button) {
    var data = new FormData();
    data.set("csrf_token", form.elements.csrf_token.value);
    data.set("flagged", button.value);
    fetch(button.formAction, {
      method: "POST",
      body: data,
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (body) {
        return { ok: response.ok, body: body };
      }, function () { return { ok: false, body: {} }; });
    }).then(function (result) {
      if (result.ok) { showFlag(String(result.body.position), result.body.flagged); return; }
      var error = result.body.error;
      say(fill(words.flagFailed, { reason: typeof error === "string" ? error : (error && error.message) || "" }));
    }, function () { say(words.flagOffline); });
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-flag]");
    if (!button) { return; }
    event.preventDefault();  // no submit: the page and its unsaved answers stay as they are
    sendFlag(button);
  });

  if (recall()) { save(); }

  var countdown = document.getElementById("countdown");
  if (!countdown) { return; }
  var deadline = new Date(countdown.dataset.deadline).getTime();

  // Said once to screen readers, as each mark is crossed while the page is open.
  var alertRegion = document.getElementById("countdown-alert");
  var marks = [{ seconds: 300, words: words.five }, { seconds: 60, words: words.one }];
  var firstLeft = Math.round((deadline - Date.now()) / 1000);
  marks = marks.filter(function (mark) { return firstLeft > mark.seconds; });
  function announce(left) {
    var crossed = marks.filter(function (mark) { return left <= mark.seconds; });
    if (!crossed.length || !alertRegion) { return; }
    marks = marks.filter(function (mark) { return left > mark.seconds; });
    alertRegion.textContent = crossed[crossed.length - 1].words;
  }

  function pad(number) { return number < 10 ? "0" + number : String(number); }

  function tick() {
    var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    if (left === 0) {
      countdown.textContent = words.up;
      if (!submitting) {
        // Time is up: no summary, the form goes to its own action, the final submit.
        form.requestSubmit ? form.requestSubmit() : form.submit();
      }
      return;
    }
    announce(left);
    var hours = Math.floor(left / 3600);
    var minutes = Math.floor((left % 3600) / 60);
    var time = (hours ? hours + ":" + pad(minutes) : minutes) + ":" + pad(left % 60);
    countdown.textContent = fill(words.left, { time: time });
    window.setTimeout(tick, 1000);
  }
  tick();
}());
