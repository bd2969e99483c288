// dbzx 网页控制台：拖放上传与按钮状态。没有脚本时，表单照常提交。
(function () {
  "use strict";
  var form = document.getElementById("upload");
  if (!form) { return; }
  var input = document.getElementById("files");
  var drop = form.querySelector(".drop");
  var chosen = document.getElementById("chosen");
  function show() {
    var names = [];
    for (var i = 0; i < input.files.length; i++) { names.push(input.files[i].name); }
    chosen.textContent = names.length ? "已选择 " + names.length + " 个文件：" + names.join("、") : "";
  }
  input.addEventListener("change", show);
  ["dragenter", "dragover"].forEach(function (t) {
    drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (t) {
    drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.remove("over"); });
  });
  drop.addEventListener("drop", function (e) {
    if (e.dataTransfer && e.dataTransfer.files.length) {
      try { input.files = e.dataTransfer.files; } catch (err) { return; }
      show();
    }
  });
  form.addEventListener("submit", function (e) {
    if (!input.files.length) { e.preventDefault(); chosen.textContent = "请先选择要上传的文件。"; return; }
    var b = form.querySelector("button");
    b.disabled = true;
    b.textContent = "正在上传并审核，请稍候…";
  });
})();
