// The big screen polls the public scoreboard every 2 seconds.
(function () {
  var board = document.getElementById("board");
  if (!board) return;
  function esc(s) { var d = document.createElement("div"); d.textContent = String(s); return d.innerHTML; }
  function load() {
    fetch(board.getAttribute("data-src")).then(function (r) { return r.json(); }).then(function (b) {
      document.getElementById("round").textContent = b.round ? b.round.name : "";
      document.getElementById("rows").innerHTML = b.teams.map(function (t) {
        return "<tr><td class='num'>" + t.rank + "</td><td>" + esc(t.team) + "</td><td class='num'>" + esc(t.total) + "</td></tr>";
      }).join("");
    }).catch(function () {});
  }
  setInterval(load, 2000);
})();
