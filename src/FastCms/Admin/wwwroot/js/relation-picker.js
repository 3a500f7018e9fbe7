// Relation inputs as search-as-you-type pickers. The id input stays in the form (hidden) and always holds the chosen
// ids, so the form posts what it posts without JavaScript. Typing asks the admin's picker endpoint for matching
// records of the target collection; the list is a listbox driven from the search box (arrow keys, Enter, Escape),
// and the chosen records are chips with a remove button, up to the field's max_select.
"use strict";

(() => {
  const delay = 200;

  const element = (tag, className, attributes = {}) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    return node;
  };

  // A record as its label and its id; a record without a display field value is only its id.
  const describe = (item, node) => {
    if (item.label !== item.id) {
      const text = element("span", "relation-label");
      text.textContent = item.label;
      node.append(text, " ");
    }
    const code = element("code");
    code.textContent = item.id;
    node.append(code);
  };

  const setup = root => {
    const url = root.dataset.relationPicker;
    const max = Number(root.dataset.maxSelect) || 1;
    const input = root.querySelector("input[type=text]");
    const label = document.querySelector(`label[for="${input.id}"]`);
    const name = label ? label.textContent.trim() : input.name;
    const chosen = Array.from(root.querySelectorAll("[data-relation-chips] [data-id]"), li => ({ id: li.dataset.id, label: li.dataset.label || li.dataset.id }));
    root.querySelector("[data-relation-chips]")?.remove();

    const chips = element("ul", "relation-chips", { "aria-label": `Chosen for ${name}` });
    const search = element("input", "relation-search", {
      id: `${input.id}-search`, type: "text", role: "combobox", autocomplete: "off", spellcheck: "false",
      "aria-autocomplete": "list", "aria-expanded": "false", "aria-controls": `${input.id}-listbox`,
      placeholder: max > 1 ? `Search to add (up to ${max})…` : "Search…",
    });
    const list = element("ul", "relation-options", { id: `${input.id}-listbox`, role: "listbox", "aria-label": `Records for ${name}` });
    const status = element("p", "relation-status", { id: `${input.id}-status`, "aria-live": "polite" });
    search.setAttribute("aria-describedby", [input.getAttribute("aria-describedby"), status.id].filter(Boolean).join(" "));
    if (input.hasAttribute("aria-invalid")) search.setAttribute("aria-invalid", input.getAttribute("aria-invalid"));
    list.hidden = true;
    input.hidden = true;
    input.removeAttribute("list");
    if (label) label.htmlFor = search.id;
    root.prepend(chips, search, list, status);

    let items = [];
    let active = -1;
    let timer = 0;
    let controller = null;

    // Only a change made here counts as an edit (for pages that warn about unsaved changes), not the first render.
    let ready = false;
    const sync = () => {
      const value = chosen.map(c => c.id).join(", ");
      if (input.value === value) return;
      input.value = value;
      if (ready) input.dispatchEvent(new Event("input", { bubbles: true }));
    };

    const renderChips = () => {
      chips.replaceChildren(...chosen.map(item => {
        const chip = element("li", "relation-chip", { "data-id": item.id });
        describe(item, chip);
        const remove = element("button", "relation-remove", { type: "button", "aria-label": `Remove ${item.label}`, title: "Remove" });
        remove.append(element("i", "fa-solid fa-xmark", { "aria-hidden": "true" }));
        remove.addEventListener("click", () => {
          chosen.splice(chosen.findIndex(c => c.id === item.id), 1);
          renderChips();
          status.textContent = `${item.label} removed.`;
          search.focus();
        });
        chip.append(remove);
        return chip;
      }));
      chips.hidden = chosen.length === 0;
      sync();
    };

    const setActive = index => {
      active = index;
      Array.from(list.children).forEach((option, i) => {
        option.setAttribute("aria-selected", String(i === active));
        if (i === active) option.scrollIntoView({ block: "nearest" });
      });
      if (active >= 0) search.setAttribute("aria-activedescendant", list.children[active].id);
      else search.removeAttribute("aria-activedescendant");
    };

    const close = () => {
      list.hidden = true;
      search.setAttribute("aria-expanded", "false");
      setActive(-1);
    };

    const choose = item => {
      if (!chosen.some(c => c.id === item.id)) {
        if (max <= 1) {
          chosen.splice(0, chosen.length, item);
        } else if (chosen.length >= max) {
          status.textContent = `At most ${max} records; remove one first.`;
          return;
        } else {
          chosen.push(item);
        }
      }
      renderChips();
      search.value = "";
      close();
      status.textContent = `${item.label} chosen.`;
    };

    const show = found => {
      items = found;
      list.replaceChildren(...items.map((item, i) => {
        const option = element("li", "relation-option", { id: `${list.id}-${i}`, role: "option", "aria-selected": "false" });
        describe(item, option);
        if (chosen.some(c => c.id === item.id)) option.classList.add("chosen");
        option.addEventListener("mousedown", event => event.preventDefault());
        option.addEventListener("click", () => choose(item));
        return option;
      }));
      list.hidden = items.length === 0;
      search.setAttribute("aria-expanded", String(items.length > 0));
      status.textContent = items.length === 0 ? "No matching records." : `${items.length} record${items.length === 1 ? "" : "s"} found.`;
      setActive(items.length > 0 ? 0 : -1);
    };

    const query = () => {
      controller?.abort();
      controller = new AbortController();
      fetch(`${url}?q=${encodeURIComponent(search.value.trim())}`, { headers: { Accept: "application/json" }, credentials: "same-origin", signal: controller.signal })
        .then(response => response.ok ? response.json() : Promise.reject(new Error(`HTTP ${response.status}`)))
        .then(body => show(body.items ?? []))
        .catch(error => {
          if (error.name !== "AbortError") status.textContent = "The search failed; reload the page to try again.";
        });
    };

    search.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(query, delay);
    });
    search.addEventListener("keydown", event => {
      const open = !list.hidden && items.length > 0;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (!open) {
          query();
        } else {
          const step = event.key === "ArrowDown" ? 1 : -1;
          setActive((active + step + items.length) % items.length);
        }
      } else if (event.key === "Enter" && (open || search.value.trim() !== "")) {
        // While searching, Enter picks; it must not send the form with half a choice.
        event.preventDefault();
        if (open && active >= 0) choose(items[active]);
      } else if (event.key === "Escape" && (open || search.value !== "")) {
        event.preventDefault();
        if (open) close();
        else search.value = "";
      }
    });
    search.addEventListener("blur", close);
    renderChips();
    ready = true;
  };

  document.querySelectorAll("[data-relation-picker]").forEach(root => {
    if (root.dataset.relationPicker) setup(root);
  });
})();
