/*
 * The languages a person sees in Wagtail's editors (action_portugal.editing.editor_languages).
 *
 * The server draws the editor with the person's choice: each language's fields hidden or not
 * by a style of its own in the head (<style data-editor-hides="en">), every translated field's
 * panel marked with its language and its field's id (data-field-language, data-field-id).
 * This script puts the picker above the form and keeps the choice on the server when the
 * person changes it. It also shows, for as long as the page is open and without changing
 * the choice, the language of a field that holds an error, and of a field a link leads to
 * ("…#id_summary_en", as the message after a save names the fields still without text):
 * it opens the field's tab and moves the focus to it.
 */
(() => {
  "use strict";

  const template = document.getElementById("editor-languages");
  const editor = document.querySelector("form[data-edit-form]");
  if (!template || !editor || !document.querySelector("[data-field-language]")) return;

  const picker = template.content.firstElementChild.cloneNode(true);
  editor.before(picker);
  const status = picker.querySelector("[role=status]");
  const radios = [...picker.querySelectorAll("input[name=show]")];
  const ALL = picker.dataset.all;
  const styles = new Map(
    [...document.querySelectorAll("style[data-editor-hides]")].map((style) => [
      style.dataset.editorHides,
      style,
    ]),
  );
  const languages = [...styles.keys()];
  let remembered = radios.find((radio) => radio.checked)?.value;

  const isShown = (code) => styles.get(code)?.media !== "all";

  function show(codes) {
    styles.forEach((style, code) => {
      style.media = codes.includes(code) ? "not all" : "all";
    });
    const shown = languages.filter(isShown);
    let value = null;
    if (shown.length === languages.length) value = ALL;
    else if (shown.length === 1) [value] = shown;
    radios.forEach((radio) => {
      radio.checked = radio.value === value;
    });
  }

  function reveal(code) {
    if (styles.has(code) && !isShown(code)) {
      show(languages.filter((other) => other === code || isShown(other)));
    }
  }

  async function choose(value) {
    show(value === ALL ? languages : [value]);
    if (value === remembered) return;
    const previous = remembered;
    remembered = value;
    try {
      const response = await fetch(picker.action, {
        method: "POST",
        body: new FormData(picker),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(`${response.status}`);
      status.textContent = "";
    } catch {
      remembered = previous;
      status.textContent = picker.dataset.unsaved;
    }
  }

  // A click on the option already chosen keeps it too (after a field's language was shown
  // for a moment, "both" may be checked without having been chosen).
  picker.addEventListener("change", (event) => choose(event.target.value));
  picker.addEventListener("click", (event) => {
    if (event.target.name === "show" && event.target.checked) choose(event.target.value);
  });
  picker.addEventListener("submit", (event) => event.preventDefault());

  // Following a link to a field ------------------------------------------------------------

  const FIELDS = "input:not([type=hidden]), textarea, select, [contenteditable=true]";
  const FOCUSABLE = "button, a[href], [tabindex]:not([tabindex='-1'])";
  const focusable = (element) =>
    element && !element.disabled && element.type !== "hidden" && element.getClientRects().length;

  // A field's panel, by the id of its field (as the messages link to it).
  const panelOf = (id) =>
    [...document.querySelectorAll("[data-field-id]")].find((panel) => panel.dataset.fieldId === id);

  // Wagtail shows a tab after its transition: the field is focused once its tab shows.
  function whenShown(tab) {
    return new Promise((resolve) => {
      if (!tab?.hidden) {
        resolve();
        return;
      }
      const observer = new MutationObserver(() => {
        if (!tab.hidden) {
          observer.disconnect();
          resolve();
        }
      });
      observer.observe(tab, { attributes: true, attributeFilter: ["hidden"] });
    });
  }

  function goTo(panel, id) {
    reveal(panel.dataset.fieldLanguage);
    // Its tab, as Wagtail opens the tab of something focused in it (the tab panels listen
    // for "w-focus:focus", wagtailadmin/panels/tabbed_interface.html).
    const tab = panel.closest("[role=tabpanel]");
    if (tab?.hidden) panel.dispatchEvent(new CustomEvent("w-focus:focus", { bubbles: true }));
    for (let group = panel.closest("[data-panel]"); group; ) {
      const toggle = group.querySelector(":scope > .w-panel__header [data-panel-toggle]");
      if (toggle?.getAttribute("aria-expanded") === "false") toggle.click();
      group = group.parentElement.closest("[data-panel]");
    }
    whenShown(tab).then(() => {
      const content = panel.querySelector(":scope > .w-panel__content") || panel;
      const target = [
        document.getElementById(id),
        ...content.querySelectorAll(FIELDS),
        ...content.querySelectorAll(FOCUSABLE),
      ].find(focusable);
      if (target) {
        target.focus({ preventScroll: true });
        target.scrollIntoView({ block: "center" });
      }
    });
  }

  // To a field: its language shown, its tab opened, the focus on it. To anything else in a
  // field's panel (Wagtail's minimap and panel anchors link to the panels): its language
  // shown, and the rest left to the link. Whether it went to a field.
  function follow(id) {
    const field = id && panelOf(id);
    if (field) {
      goTo(field, id);
      return true;
    }
    const panel = id && document.getElementById(id)?.closest("[data-field-language]");
    if (panel) reveal(panel.dataset.fieldLanguage);
    return false;
  }

  const idIn = (hash) => {
    try {
      return decodeURIComponent(hash.slice(1));
    } catch {
      return "";
    }
  };

  // Captured, so that a panel's language shows before Wagtail's minimap scrolls to it.
  document.addEventListener(
    "click",
    (event) => {
      const link = event.target.closest("a[href*='#']");
      if (
        link &&
        link.origin === window.location.origin &&
        link.pathname === window.location.pathname &&
        link.search === window.location.search &&
        follow(idIn(link.hash))
      ) {
        event.preventDefault();
      }
    },
    true,
  );

  // Once Wagtail's own scripts have drawn the form (its tabs, the blocks of StreamFields and
  // their errors): the languages of fields with errors, then the field the address names.
  function arrived() {
    document.querySelectorAll("[data-field-language]").forEach((panel) => {
      if (panel.querySelector(".w-field--error, .error-message, [aria-invalid=true]")) {
        reveal(panel.dataset.fieldLanguage);
      }
    });
    followAddress();
  }
  function followAddress() {
    follow(idIn(window.location.hash));
  }
  if (document.readyState === "complete") arrived();
  else window.addEventListener("load", arrived, { once: true });
  window.addEventListener("hashchange", followAddress);
})();
