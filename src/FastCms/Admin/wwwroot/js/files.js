// File fields of the record form: drag and drop onto the drop zone, a list of the picked files with sizes and a
// remove button each, and clear messages for a file that is too large, of a type the field refuses, or one too many.
// The server checks everything again (by content, not by name); this only saves a round trip.
"use strict";

(() => {
  const formatSize = bytes => bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MiB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${bytes} bytes`;

  const accepts = (accept, file) => !accept || accept.split(",").some(type => {
    type = type.trim().toLowerCase();
    return type.endsWith("/*") ? file.type.toLowerCase().startsWith(type.slice(0, -1)) : file.type.toLowerCase() === type;
  });

  const setup = field => {
    const input = field.querySelector("input[type=file]");
    const zone = field.querySelector("[data-dropzone]");
    const picked = field.querySelector("[data-picked]");
    const error = field.querySelector("[data-file-error]");
    const maxSize = Number(input.dataset.maxSize);
    const maxFiles = input.multiple ? Number(input.dataset.maxFiles) : 1;

    const show = files => {
      const problems = [];
      const kept = new DataTransfer();
      for (const file of files) {
        if (file.size > maxSize) {
          problems.push(`${file.name} is ${formatSize(file.size)}; at most ${formatSize(maxSize)} is allowed.`);
        } else if (!accepts(input.accept, file)) {
          problems.push(`${file.name} is ${file.type || "of an unknown type"}; this field accepts ${input.accept}.`);
        } else if (kept.files.length >= maxFiles) {
          problems.push(`${file.name} is one file too many; at most ${maxFiles} can be added.`);
        } else {
          kept.items.add(file);
        }
      }

      input.files = kept.files;
      error.hidden = problems.length === 0;
      error.textContent = problems.join(" ");
      picked.replaceChildren(...[...kept.files].map((file, index) => {
        const item = document.createElement("li");
        const name = document.createElement("code");
        name.textContent = file.name;
        const size = document.createElement("span");
        size.className = "size";
        size.textContent = formatSize(file.size);
        const remove = document.createElement("button");
        remove.type = "button";
        remove.title = `Do not upload ${file.name}`;
        remove.setAttribute("aria-label", remove.title);
        remove.innerHTML = '<i class="fa-solid fa-xmark" aria-hidden="true"></i>';
        remove.addEventListener("click", () => show([...input.files].filter((_, i) => i !== index)));
        item.append(name, size, remove);
        return item;
      }));
    };

    input.addEventListener("change", () => show([...input.files]));
    zone.addEventListener("dragover", event => { event.preventDefault(); zone.classList.add("dragging"); });
    zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
    zone.addEventListener("drop", event => {
      event.preventDefault();
      zone.classList.remove("dragging");
      show([...(input.multiple ? input.files : []), ...event.dataTransfer.files]);
    });
  };

  document.addEventListener("DOMContentLoaded", () => document.querySelectorAll("[data-file-field]").forEach(setup));
})();
