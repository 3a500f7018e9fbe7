// The records list's filter builder: a field, an operator and a value become a condition in the filter language,
// appended to the filter box with "&&". Numbers and true/false stay bare for number and bool fields; every other
// value is quoted, with quotes and backslashes escaped, so what the builder writes always parses.
"use strict";

(() => {
  const builder = document.querySelector("[data-filter-builder]");
  const box = document.getElementById("filter");
  if (!builder || !box) return;

  const field = builder.querySelector("[data-builder-field]");
  const operator = builder.querySelector("[data-builder-operator]");
  const value = builder.querySelector("[data-builder-value]");
  const quote = text => `"${text.replace(/[\\"]/g, c => "\\" + c)}"`;

  const literal = (type, text) => {
    const trimmed = text.trim();
    if (type === "number" && trimmed !== "" && Number.isFinite(Number(trimmed))) return trimmed;
    if (type === "bool" && (trimmed === "true" || trimmed === "false")) return trimmed;
    return quote(text);
  };

  const add = () => {
    const type = field.selectedOptions[0]?.dataset.type ?? "text";
    const condition = `${field.value} ${operator.value} ${literal(type, value.value)}`;
    const current = box.value.trim();
    box.value = current ? `${current} && ${condition}` : condition;
    value.value = "";
    box.focus();
  };

  builder.querySelector("[data-builder-add]").addEventListener("click", add);
  value.addEventListener("keydown", event => {
    if (event.key === "Enter") {
      event.preventDefault();
      add();
    }
  });
  builder.hidden = false;
})();
