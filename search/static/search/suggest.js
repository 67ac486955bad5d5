// The search box's suggestions, as a WAI-ARIA 1.2 combobox (list autocomplete): an input
// marked data-suggest gets role=combobox, a listbox of options read from /api/suggest, and a
// status region announcing how many there are. Down/Up move through the options, Enter
// searches the chosen one, Escape closes the list. Without this script the box is a plain
// search field; the Content-Security-Policy allows only scripts served from the site.
"use strict";

(function () {
  const WAIT = 150; // ms of quiet typing before asking: one request per pause, not per key

  function combobox(input) {
    const form = input.form;
    const list = document.createElement("ul");
    const status = document.createElement("div");
    const listId = input.id + "-suggestions";
    let options = [];
    let active = -1;
    let timer = 0;
    let pending = null;

    list.id = listId;
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.dataset.suggestLabel);
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");
    input.insertAdjacentElement("afterend", list);
    list.insertAdjacentElement("afterend", status);

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      active = index;
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index < 0) {
        input.removeAttribute("aria-activedescendant");
      } else {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      }
    }

    function choose(option) {
      input.value = option.dataset.query;
      close();
      form.requestSubmit();
    }

    function show(suggestions) {
      list.replaceChildren();
      options = suggestions.map(function (suggestion, i) {
        const option = document.createElement("li");
        const kind = document.createElement("span");
        option.id = listId + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.query = suggestion.query;
        option.append(suggestion.text + " ");
        kind.className = "kind";
        kind.textContent = suggestion.label;
        option.append(kind);
        option.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep the focus in the box
          choose(option);
        });
        list.append(option);
        return option;
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      list.style.left = input.offsetLeft + "px"; // under the box, whatever its label's width
      list.hidden = options.length === 0;
      input.setAttribute("aria-expanded", options.length ? "true" : "false");
      status.textContent = options.length
        ? input.dataset.suggestCount.replace("{count}", options.length)
        : "";
    }

    function ask() {
      if (pending) pending.abort();
      pending = new AbortController();
      const url = input.dataset.suggest + "?q=" + encodeURIComponent(input.value);
      fetch(url, { signal: pending.signal, headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : { suggestions: [] };
        })
        .then(function (body) {
          show(body.suggestions);
        })
        .catch(function () {}); // aborted by newer typing, or offline: the box still searches
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, WAIT);
    });
    input.addEventListener("keydown", function (event) {
      const open = !list.hidden;
      if (event.key === "ArrowDown" && options.length) {
        event.preventDefault();
        if (!open) {
          list.hidden = false;
          input.setAttribute("aria-expanded", "true");
        }
        highlight(active + 1 < options.length ? active + 1 : 0);
      } else if (event.key === "ArrowUp" && open) {
        event.preventDefault();
        highlight(active > 0 ? active - 1 : options.length - 1);
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        choose(options[active]);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", close);
  }

  document.querySelectorAll("input[data-suggest]").forEach(combobox);
})();
