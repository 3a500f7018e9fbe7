// Rich text for editor fields: each <textarea data-rich-text="true"> becomes a Squire editor with a toolbar, and the
// textarea (hidden, still in the form) receives the editor's HTML, so the form posts exactly what it did without
// JavaScript. The server sanitizes the HTML on save; the cleaning here only keeps the editing surface inert.
"use strict";

(() => {
  const dropped = new Set(["SCRIPT", "STYLE", "IFRAME", "OBJECT", "EMBED", "LINK", "META", "BASE", "FORM", "INPUT",
    "BUTTON", "TEXTAREA", "SELECT", "FRAME", "FRAMESET", "NOSCRIPT", "TEMPLATE", "SVG", "MATH"]);
  const unsafeUrl = /^\s*(javascript|vbscript|data):/i;

  // Parsed in a <template>, which runs nothing and loads nothing, then stripped of what could run once imported.
  const inert = html => {
    const template = document.createElement("template");
    template.innerHTML = html;
    for (const element of Array.from(template.content.querySelectorAll("*"))) {
      if (dropped.has(element.nodeName.toUpperCase())) {
        element.remove();
        continue;
      }
      for (const attribute of Array.from(element.attributes)) {
        const name = attribute.name.toLowerCase();
        if (name.startsWith("on") || name === "style" || (["href", "src", "xlink:href", "action"].includes(name) && unsafeUrl.test(attribute.value))) {
          element.removeAttribute(attribute.name);
        }
      }
    }
    return document.importNode(template.content, true);
  };

  const toggleHeading = editor => editor.modifyBlocks(fragment => {
    const blocks = Array.from(fragment.children);
    const tag = blocks.length > 0 && blocks.every(b => b.nodeName === "H2") ? "P" : "H2";
    for (const block of blocks) {
      if (block.nodeName === "UL" || block.nodeName === "OL" || block.nodeName === "BLOCKQUOTE" || block.nodeName === "PRE") {
        continue;
      }
      const replacement = document.createElement(tag);
      replacement.append(...block.childNodes);
      block.replaceWith(replacement);
    }
    return fragment;
  });

  const askUrl = (message, value) => {
    const answer = window.prompt(message, value);
    return answer && !unsafeUrl.test(answer) ? answer.trim() : null;
  };

  const commands = [
    { name: "heading", label: "Heading", icon: "fa-heading", tag: "H2", run: toggleHeading },
    { name: "bold", label: "Bold", icon: "fa-bold", tag: "B", run: e => e.hasFormat("B") ? e.removeBold() : e.bold() },
    { name: "italic", label: "Italic", icon: "fa-italic", tag: "I", run: e => e.hasFormat("I") ? e.removeItalic() : e.italic() },
    { name: "bulleted-list", label: "Bulleted list", icon: "fa-list-ul", tag: "UL", run: e => e.hasFormat("UL") ? e.removeList() : e.makeUnorderedList() },
    { name: "numbered-list", label: "Numbered list", icon: "fa-list-ol", tag: "OL", run: e => e.hasFormat("OL") ? e.removeList() : e.makeOrderedList() },
    { name: "quote", label: "Quote", icon: "fa-quote-left", tag: "BLOCKQUOTE", run: e => e.hasFormat("BLOCKQUOTE") ? e.decreaseQuoteLevel() : e.increaseQuoteLevel() },
    { name: "code", label: "Code", icon: "fa-code", tag: "CODE", run: e => e.toggleCode() },
    { name: "link", label: "Link", icon: "fa-link", tag: "A", run: e => {
      if (e.hasFormat("A")) {
        e.removeLink();
      } else {
        const url = askUrl("Link address (https://…)", "https://");
        if (url) e.makeLink(url);
      }
    } },
    { name: "image", label: "Image by address", icon: "fa-image", run: e => {
      const url = askUrl("Image address (https://…)", "https://");
      if (url) e.insertImage(url, { alt: "" });
    } },
    { name: "clear", label: "Clear formatting", icon: "fa-eraser", run: e => e.removeAllFormatting() },
  ];

  // An editor holding only empty blocks means "no value", as an empty textarea does.
  const isEmpty = root => root.textContent.trim() === "" && !root.querySelector("img");

  // "Insert an image from this record's files": the record's stored images (data-record-images, written by the
  // server: file address without a token, and a preview with one) as buttons in a panel under the toolbar.
  const addImageChooser = (textarea, editor, toolbar, sync) => {
    let images = [];
    try {
      images = JSON.parse(textarea.dataset.recordImages || "[]");
    } catch {
      images = [];
    }
    if (!Array.isArray(images) || images.length === 0) return;

    const panel = document.createElement("div");
    panel.id = textarea.id + "-images";
    panel.className = "rich-images";
    panel.setAttribute("role", "group");
    panel.setAttribute("aria-label", "Images of this record");
    panel.hidden = true;
    const toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "rich-button";
    toggle.dataset.command = "record-image";
    toggle.title = "Insert an image from this record's files";
    toggle.setAttribute("aria-label", toggle.title);
    toggle.setAttribute("aria-expanded", "false");
    toggle.setAttribute("aria-controls", panel.id);
    const icon = document.createElement("i");
    icon.className = "fa-solid fa-folder-open";
    icon.setAttribute("aria-hidden", "true");
    toggle.append(icon);

    const show = open => {
      panel.hidden = !open;
      toggle.setAttribute("aria-expanded", String(open));
      if (open) panel.querySelector("button")?.focus();
    };
    for (const image of images) {
      const choice = document.createElement("button");
      choice.type = "button";
      choice.className = "rich-image";
      choice.dataset.url = image.url;
      const preview = document.createElement("img");
      preview.src = image.preview;
      preview.alt = "";
      const name = document.createElement("span");
      name.textContent = image.name;
      choice.append(preview, name);
      choice.addEventListener("click", () => {
        show(false);
        editor.focus();
        editor.insertImage(image.url, { alt: image.name });
        sync();
      });
      panel.append(choice);
    }
    panel.addEventListener("keydown", event => {
      if (event.key === "Escape") {
        event.preventDefault();
        show(false);
        toggle.focus();
      }
    });
    toggle.addEventListener("click", () => show(panel.hidden));
    toolbar.querySelector('[data-command="image"]').after(toggle);
    toolbar.after(panel);
  };

  const setup = textarea => {
    const wrapper = document.createElement("div");
    wrapper.className = "rich-text";
    const toolbar = document.createElement("div");
    toolbar.className = "rich-toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", "Formatting");
    toolbar.setAttribute("aria-controls", textarea.id + "-rich");
    const surface = document.createElement("div");
    surface.id = textarea.id + "-rich";
    surface.className = "rich-surface";
    surface.setAttribute("role", "textbox");
    surface.setAttribute("aria-multiline", "true");
    const label = document.querySelector(`label[for="${textarea.id}"]`);
    if (label) {
      label.id ||= textarea.id + "-label";
      surface.setAttribute("aria-labelledby", label.id);
      label.addEventListener("click", () => editor.focus());
    }
    for (const name of ["aria-describedby", "aria-invalid"]) {
      if (textarea.hasAttribute(name)) surface.setAttribute(name, textarea.getAttribute(name));
    }

    wrapper.append(toolbar, surface);
    textarea.before(wrapper);
    textarea.hidden = true;

    const editor = new window.Squire(surface, { blockTag: "P", sanitizeToDOMFragment: inert });
    editor.setHTML(textarea.value);

    const sync = () => {
      textarea.value = isEmpty(surface) ? "" : editor.getHTML();
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    };
    const buttons = commands.map(command => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "rich-button";
      button.dataset.command = command.name;
      button.title = command.label;
      button.setAttribute("aria-label", command.label);
      if (command.tag) button.setAttribute("aria-pressed", "false");
      const icon = document.createElement("i");
      icon.className = `fa-solid ${command.icon}`;
      icon.setAttribute("aria-hidden", "true");
      button.append(icon);
      button.addEventListener("click", () => {
        command.run(editor);
        editor.focus();
        sync();
      });
      toolbar.append(button);
      return { button, command };
    });

    addImageChooser(textarea, editor, toolbar, sync);
    editor.addEventListener("input", sync);
    editor.addEventListener("pathChange", () => {
      for (const { button, command } of buttons) {
        if (command.tag) button.setAttribute("aria-pressed", String(editor.hasFormat(command.tag)));
      }
    });
    textarea.form?.addEventListener("submit", sync);
  };

  if (typeof window.Squire === "function") {
    document.querySelectorAll('textarea[data-rich-text="true"]').forEach(setup);
  }
})();
