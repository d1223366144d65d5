// A form marked data-submit-once cannot be sent twice by a double click: once it is on its
// way its submit buttons are disabled (the server saves a repeat once all the same, by the
// form's submission key: nq57/core/once.py).
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
  // After this event, so that the pressed button's name and value are still sent.
  setTimeout(() => {
    for (const button of form.querySelectorAll("button[type=submit], input[type=submit]")) {
      button.disabled = true;
    }
  }, 0);
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
    for (const button of form.querySelectorAll("button[type=submit], input[type=submit]")) {
      button.disabled = false;
    }
  }
});
