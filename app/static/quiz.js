// Quiz attempt page, progressive enhancement: the form works without this file.
// - autosave: each change is sent to the save URL, with the revision the page holds;
// - countdown: the time left, and the attempt is submitted when it runs out.
(function () {
  "use strict";

  var form = document.getElementById("attempt-form");
  if (!form) { return; }
  var status = document.getElementById("save-status");
  var revision = form.querySelector("input[name=revision]");
  var lang = document.documentElement.lang || "fr";
  var words = {
    fr: { saving: "Enregistrement…", saved: "Réponses enregistrées à ", failed: "Vos réponses n’ont pas pu être enregistrées : ", offline: "Hors ligne : vos réponses seront enregistrées dès le retour de la connexion.", left: "Temps restant : ", up: "Temps écoulé : envoi de vos réponses…" },
    en: { saving: "Saving…", saved: "Answers saved at ", failed: "Your answers could not be saved: ", offline: "Offline: your answers will be saved when the connection is back.", left: "Time left: ", up: "Time is up: sending your answers…" }
  }[lang === "en" ? "en" : "fr"];

  var timer = null;
  var pending = false;
  var sending = false;
  var submitting = false;
  var offline = false;

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

  function save() {
    if (sending) { pending = true; return; }
    sending = true;
    pending = false;
    say(words.saving);
    fetch(form.dataset.saveUrl, {
      method: "POST",
      body: new FormData(form),
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (result) {
      if (result.ok) {
        revision.value = String(result.body.revision);
        say(words.saved + timeOfSave(result.body.saved_at) + ".");
      } else {
        // The quiz's refusals send a sentence; the site's error pages send {title, message}.
        var error = result.body.error;
        say(words.failed + (typeof error === "string" ? error : (error && error.message) || ""));
      }
    }).catch(function () {
      say(words.offline);
      pending = true;
      offline = true;  // retried when the browser is back online, not in a loop
    }).then(function () {
      sending = false;
      if (waitingSubmitter) {
        var submitter = waitingSubmitter;
        waitingSubmitter = null;
        form.requestSubmit(submitter);
      } else if (pending && !submitting && !offline) {
        schedule();
      }
    });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 600);
  }

  form.addEventListener("change", schedule);
  form.addEventListener("input", function (event) {
    if (event.target.type === "text") { schedule(); }
  });
  // A submit sent while an autosave is on its way would carry the old revision and be refused
  // as stale: it waits for the save, then goes with the new revision.
  var waitingSubmitter = null;
  form.addEventListener("submit", function (event) {
    window.clearTimeout(timer);
    if (sending) {
      event.preventDefault();
      waitingSubmitter = event.submitter || document.getElementById("submit-attempt");
      return;
    }
    submitting = true;
  });
  window.addEventListener("online", function () {
    offline = false;
    if (pending) { schedule(); }
  });

  var countdown = document.getElementById("countdown");
  if (!countdown) { return; }
  var deadline = new Date(countdown.dataset.deadline).getTime();

  function pad(number) { return number < 10 ? "0" + number : String(number); }

  function tick() {
    var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    if (left === 0) {
      countdown.textContent = words.up;
      if (!submitting) {
        submitting = true;
        form.requestSubmit ? form.requestSubmit(document.getElementById("submit-attempt")) : form.submit();
      }
      return;
    }
    var hours = Math.floor(left / 3600);
    var minutes = Math.floor((left % 3600) / 60);
    countdown.textContent = words.left + (hours ? hours + ":" + pad(minutes) : minutes) + ":" + pad(left % 60);
    window.setTimeout(tick, 1000);
  }
  tick();
}());
