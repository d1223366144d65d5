// The calendar of the pages' date fields (nq57/core/dates.py, DayInput): each field is a text
// field valued dd/mm/yyyy, whatever the browser's language; where the browser can open its own
// calendar from a script (showPicker), a button beside the field does so through a hidden
// <input type="date">, and the day picked is written back as dd/mm/yyyy. Without this script,
// or in a browser without showPicker, the text field alone works.
"use strict";

(() => {
  const canPick = typeof HTMLInputElement !== "undefined"
    && typeof HTMLInputElement.prototype.showPicker === "function";
  const pad = (number, width) => String(number).padStart(width, "0");

  // 30/11/2026 or 2026-11-30 as ISO, when that day exists; "" otherwise.
  const isoOf = (text) => {
    const value = text.trim();
    let match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
    let year, month, day;
    if (match) {
      [day, month, year] = match.slice(1).map(Number);
    } else if ((match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value))) {
      [year, month, day] = match.slice(1).map(Number);
    } else {
      return "";
    }
    const probe = new Date(Date.UTC(year, month - 1, day));
    if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1
      || probe.getUTCDate() !== day) {
      return "";
    }
    return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  };

  const dayOf = (iso) => {
    const [year, month, day] = iso.split("-");
    return `${day}/${month}/${year}`;
  };

  const enhance = (wrapper) => {
    if (wrapper.dataset.dayFieldReady) return;
    const field = wrapper.querySelector("input[type=text]");
    const calendar = wrapper.querySelector(".day-field-calendar");
    const button = wrapper.querySelector(".day-field-button");
    if (!field || !calendar || !button) return;
    wrapper.dataset.dayFieldReady = "1";
    if (!canPick) return;
    wrapper.classList.add("input-group", "flex-nowrap");
    calendar.hidden = false;
    button.hidden = false;
    button.addEventListener("click", () => {
      calendar.value = isoOf(field.value);
      try {
        calendar.showPicker();
      } catch (error) {
        field.focus(); // refused (no user gesture, a sandbox): the field is still there
      }
    });
    calendar.addEventListener("change", () => {
      if (!calendar.value) return;
      field.value = dayOf(calendar.value);
      // As if typed: drafts (forms.js) and htmx listen to the field itself.
      field.dispatchEvent(new Event("input", { bubbles: true }));
      field.dispatchEvent(new Event("change", { bubbles: true }));
      field.focus();
    });
  };

  const enhanceWithin = (root) => {
    if (root.matches && root.matches("[data-day-field]")) enhance(root);
    root.querySelectorAll("[data-day-field]").forEach(enhance);
  };
  enhanceWithin(document);
  // Fields that htmx swaps in later (a filtered list's results, a form re-shown).
  document.addEventListener("htmx:load", (event) => enhanceWithin(event.target));
})();
