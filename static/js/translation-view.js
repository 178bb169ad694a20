// The translation view (action_portugal/editing/translation_view.py): the count of what is
// left follows what the translator types, and Ctrl+Enter / Ctrl+Shift+Enter (⌘ on a Mac)
// or the "next"/"previous" links go to the next or previous text still to translate.
(() => {
  const form = document.querySelector("[data-tv]");
  if (!form) return;
  const units = Array.from(form.querySelectorAll("[data-tv-unit]"));
  const counters = Array.from(form.querySelectorAll("[data-tv-left]"));

  const richText = (input) => {
    try {
      return JSON.parse(input.value).blocks.map((block) => block.text).join("\n");
    } catch {
      return input.value;
    }
  };
  const textOf = (unit) => {
    const input = unit.querySelector("[data-tv-target]");
    if (!input) return "";
    return (unit.dataset.kind === "richtext" ? richText(input) : input.value).trim();
  };
  const initial = new Map(units.map((unit) => [unit, textOf(unit)]));

  // Still to do: empty where the source has text, or out of date and not touched yet.
  const toDo = (unit) => {
    const text = textOf(unit);
    if (!text) return unit.dataset.source === "yes";
    return unit.dataset.state === "outdated" && text === initial.get(unit);
  };

  let shown = null;
  const count = () => {
    const left = units.filter(toDo).length;
    units.forEach((unit) => unit.classList.toggle("tv-unit--to-do", toDo(unit)));
    if (left === shown) return;
    shown = left;
    counters.forEach((counter) => {
      counter.textContent = String(left);
    });
  };
  let pending = null;
  const later = () => {
    clearTimeout(pending);
    pending = setTimeout(count, 250);
  };
  ["input", "keyup", "change", "paste", "cut", "focusout"].forEach((name) =>
    form.addEventListener(name, later),
  );
  count();

  const focusUnit = (unit) => {
    const editable = unit.querySelector("[contenteditable='true']");
    const field = editable || unit.querySelector("[data-tv-target]");
    unit.scrollIntoView({ block: "center" });
    if (field) field.focus({ preventScroll: true });
  };
  const currentIndex = () => {
    const unit = document.activeElement && document.activeElement.closest("[data-tv-unit]");
    return unit ? units.indexOf(unit) : -1;
  };
  const jump = (step) => {
    count();
    const start = currentIndex();
    for (let moved = 1; moved <= units.length; moved += 1) {
      let index = (start === -1 && step < 0 ? units.length : start) + step * moved;
      index = ((index % units.length) + units.length) % units.length;
      if (toDo(units[index])) {
        focusUnit(units[index]);
        return;
      }
    }
  };

  // Draftail writes what was typed into its field a moment later; a save straight after
  // typing must not leave the last words out.
  form.addEventListener(
    "submit",
    () => {
      form.querySelectorAll("[data-draftail-input]").forEach((input) => {
        if (input.draftailEditor && input.draftailEditor.saveState) input.draftailEditor.saveState();
      });
    },
    true,
  );

  form.querySelectorAll("[data-tv-jump]").forEach((link) =>
    link.addEventListener("click", (event) => {
      event.preventDefault();
      jump(Number(link.dataset.tvJump));
    }),
  );
  document.addEventListener(
    "keydown",
    (event) => {
      if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey) || event.altKey) return;
      event.preventDefault();
      event.stopPropagation();
      jump(event.shiftKey ? -1 : 1);
    },
    true,
  );
})();
