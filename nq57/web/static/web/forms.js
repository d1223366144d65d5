// What keeps an official's work from being lost (issue 14, item 6), for the pages' forms:
// - a form marked data-submit-once cannot be sent twice by a double click: once on its way
//   its submit buttons are disabled (the server saves a repeat once all the same, by the
//   form's submission key: nq57/core/once.py); with files chosen, it is sent by this script
//   to show the upload's progress;
// - a form marked data-draft is saved on the server as it is typed (nq57/core/drafts.py),
//   and given back when its page opens again (data-draft-restore), after an idle sign-out or
//   on another computer; files are never drafted;
// - before the session runs out (data-idle-seconds on the body), a warning offers to stay
//   signed in; left alone, the page goes to the sign-in page, which comes back here.
"use strict";

const body = document.body;
const csrfToken = () => {
  try {
    return JSON.parse(body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
  } catch (error) {
    return "";
  }
};
const here = () => window.location.pathname + window.location.search;

// ---- the idle warning -------------------------------------------------------------------
const idleSeconds = Number(body.dataset.idleSeconds || 0);
let lastActive = Date.now(); // the last request the server saw from this page
const touched = () => {
  lastActive = Date.now();
};

if (idleSeconds > 0) {
  const warning = document.querySelector("[data-idle-warning]");
  const left = warning && warning.querySelector("[data-idle-left]");
  // Two minutes ahead, or a quarter of the whole time when it is short.
  const warnAhead = Math.min(120, Math.floor(idleSeconds / 4));
  const format = (seconds) => {
    const minutes = Math.floor(seconds / 60);
    const rest = String(seconds % 60).padStart(2, "0");
    return `${minutes}:${rest}`;
  };
  setInterval(() => {
    const remaining = Math.round(idleSeconds - (Date.now() - lastActive) / 1000);
    if (remaining <= 0) {
      const next = encodeURIComponent(here());
      window.location.assign(`${body.dataset.loginUrl}?next=${next}`);
      return;
    }
    if (warning && remaining <= warnAhead) {
      warning.classList.remove("d-none");
      if (left) left.textContent = format(remaining);
    } else if (warning) {
      warning.classList.add("d-none");
    }
  }, 1000);
  if (warning) {
    warning.querySelector("[data-idle-stay]").addEventListener("click", () => {
      fetch(body.dataset.keepaliveUrl, {
        method: "POST",
        headers: { "X-CSRFToken": csrfToken() },
        credentials: "same-origin",
      }).then((response) => {
        if (response.ok) {
          touched();
          warning.classList.add("d-none");
        }
      });
    });
  }
}

// ---- drafts on the server ---------------------------------------------------------------
const draftUrl = body.dataset.draftUrl;

const fieldsOf = (form) => {
  const fields = {};
  for (const element of form.elements) {
    const skipped = ["file", "password", "hidden", "submit", "button"];
    if (!element.name || element.disabled || skipped.includes(element.type)) continue;
    if ((element.type === "checkbox" || element.type === "radio") && !element.checked) continue;
    const values = element.tagName === "SELECT" && element.multiple
      ? Array.from(element.selectedOptions, (option) => option.value)
      : [element.value];
    fields[element.name] = (fields[element.name] || []).concat(values);
  }
  return fields;
};

const fill = (form, fields) => {
  for (const [name, values] of Object.entries(fields)) {
    for (const element of form.querySelectorAll(`[name="${CSS.escape(name)}"]`)) {
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = values.includes(element.value);
      } else if (element.tagName === "SELECT" && element.multiple) {
        for (const option of element.options) option.selected = values.includes(option.value);
      } else if (!["file", "password", "hidden"].includes(element.type)) {
        element.value = values[0] || "";
      }
    }
  }
};

const saveDraft = (form) =>
  fetch(draftUrl, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
    credentials: "same-origin",
    body: JSON.stringify({ path: here(), fields: fieldsOf(form) }),
  }).then((response) => {
    if (response.ok) touched(); // typing is activity: the session was renewed
  });

for (const form of document.querySelectorAll("form[data-draft]")) {
  if (!draftUrl) break;
  let timer = null;
  form.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => saveDraft(form), 1000);
  });
  form.addEventListener("submit", () => clearTimeout(timer));
  const notice = document.querySelector("[data-draft-notice]");
  if (form.hasAttribute("data-draft-restore")) {
    const query = `${draftUrl}?path=${encodeURIComponent(here())}`;
    fetch(query, { credentials: "same-origin" })
      .then((response) => (response.status === 200 ? response.json() : null))
      .then((draft) => {
        if (!draft) return;
        fill(form, draft.fields);
        if (notice) {
          notice.querySelector("[data-draft-time]").textContent = draft.saved_at;
          notice.classList.remove("d-none");
          notice.querySelector("[data-draft-discard]").addEventListener("click", () => {
            fetch(query, {
              method: "DELETE",
              headers: { "X-CSRFToken": csrfToken() },
              credentials: "same-origin",
            }).then(() => window.location.reload());
          });
        }
      });
  }
}

// ---- sending once, with the upload's progress -------------------------------------------
const disableSubmits = (form, disabled) => {
  for (const button of form.querySelectorAll("button[type=submit], input[type=submit]")) {
    button.disabled = disabled;
  }
};

const hasFiles = (form) =>
  Array.from(form.querySelectorAll("input[type=file]")).some((input) => input.files.length > 0);

const upload = (form, submitter) => {
  const box = form.querySelector("[data-upload-progress]");
  const bar = box.querySelector("progress");
  const said = box.querySelector("[aria-live]");
  const label = form.dataset.uploadLabel || "";
  box.classList.remove("d-none");
  const request = new XMLHttpRequest();
  request.open("POST", form.action || here());
  request.setRequestHeader("X-NQ57-Upload", "1");
  request.upload.addEventListener("progress", (event) => {
    if (!event.lengthComputable) return;
    const percent = Math.round((event.loaded / event.total) * 100);
    bar.value = percent;
    said.textContent = `${label} ${percent}%`;
  });
  request.addEventListener("load", () => {
    const type = request.getResponseHeader("Content-Type") || "";
    if (request.status < 400 && type.startsWith("application/json")) {
      window.location.assign(JSON.parse(request.responseText).location);
      return;
    }
    // The form again with its errors (or an error page): shown as the server made it.
    document.open();
    document.write(request.responseText);
    document.close();
  });
  request.addEventListener("error", () => {
    // The network failed: nothing was saved; the form can be sent again.
    box.classList.add("d-none");
    delete form.dataset.sending;
    form.removeAttribute("aria-busy");
    disableSubmits(form, false);
  });
  const data = new FormData(form, submitter);
  request.send(data);
};

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-submit-once")) {
    return;
  }
  if (form.dataset.sending === "yes") {
    event.preventDefault();
    return;
  }
  form.dataset.sending = "yes";
  form.setAttribute("aria-busy", "true");
  if (hasFiles(form) && form.querySelector("[data-upload-progress]")) {
    event.preventDefault();
    upload(form, event.submitter);
    disableSubmits(form, true);
    return;
  }
  // After this event, so that the pressed button's name and value are still sent.
  setTimeout(() => disableSubmits(form, true), 0);
});

// A page restored from the back-forward cache comes back as it was left, sending: make its
// forms usable again (a new send carries the same key and is saved once).
window.addEventListener("pageshow", (event) => {
  if (!event.persisted) {
    return;
  }
  for (const form of document.querySelectorAll("form[data-submit-once]")) {
    delete form.dataset.sending;
    form.removeAttribute("aria-busy");
    disableSubmits(form, false);
  }
});
