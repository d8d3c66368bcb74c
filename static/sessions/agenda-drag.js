// Drag to reorder the orden del día (sessions/agenda.html). Without JavaScript, the
// «Subir» and «Bajar» buttons do the same; this only adds dragging and a save button.
document.addEventListener("DOMContentLoaded", () => {
  const list = document.getElementById("agenda-items");
  const form = document.getElementById("agenda-order");
  if (!list || !form) return;
  let dragged = null;
  list.addEventListener("dragstart", (event) => {
    dragged = event.target.closest(".agenda-item");
    if (dragged) event.dataTransfer.effectAllowed = "move";
  });
  list.addEventListener("dragover", (event) => {
    const over = event.target.closest(".agenda-item");
    if (!dragged || !over || over === dragged) return;
    event.preventDefault();
    const box = over.getBoundingClientRect();
    const after = event.clientY > box.top + box.height / 2;
    list.insertBefore(dragged, after ? over.nextSibling : over);
  });
  list.addEventListener("drop", (event) => {
    event.preventDefault();
    form.querySelectorAll('input[name="orden"]').forEach((input) => input.remove());
    list.querySelectorAll(".agenda-item").forEach((item) => {
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = "orden";
      input.value = item.dataset.item;
      form.appendChild(input);
    });
    form.hidden = false;
    dragged = null;
  });
});
