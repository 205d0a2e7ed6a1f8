// Scroll each document text box so its first highlighted evidence is in view.
"use strict";
document.querySelectorAll(".doctext").forEach(function (box) {
  var mark = box.querySelector("mark.evidence");
  if (mark) { box.scrollTop = Math.max(0, mark.offsetTop - box.offsetTop - 40); }
});
