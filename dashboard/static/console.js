// Small enhancements only: every page works without this file.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
    return;
  }
  if (form.hasAttribute("data-once")) {
    // A form that acts once: a second press while the first is sent would be refused.
    form.querySelectorAll("button[type=submit]").forEach(function (button) {
      button.disabled = true;
    });
  }
});
window.addEventListener("pageshow", function () {
  // Back to a page the browser kept: the button works again (a form already used is then
  // refused with the reason, rather than left dead).
  document.querySelectorAll("form[data-once] button[type=submit]").forEach(function (button) {
    button.disabled = false;
  });
});
document.addEventListener("click", function (event) {
  var target = event.target;
  if (target && target.matches && target.matches("[data-print]")) {
    window.print();
  }
});
