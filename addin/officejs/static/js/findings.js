// The task pane: the findings of the last run, read from the 校验结果 sheet that 重新计算 and
// 仅校验 rebuild (so the list is the workbook's, whichever route or person ran it last).
// Clicking a finding selects its cell. Text from the workbook only ever goes into textContent.

const JIXIAO_RESULTS_SHEET = "校验结果";
const JIXIAO_SEVERITY_CLASS = { 错误: "error", 警告: "warning", 提示: "info" };

function jixiaoText(value) {
  return value === null || value === undefined ? "" : String(value).trim();
}

// Rows of 校验结果 (序号, 严重程度, 规则, 工作表, 单元格, 指标, 说明) as findings.
function jixiaoParseResults(values) {
  if (!Array.isArray(values)) return [];
  return values
    .slice(1)
    .filter((row) => Array.isArray(row) && jixiaoText(row[0]) !== "")
    .map((row) => ({
      index: jixiaoText(row[0]),
      severity: jixiaoText(row[1]),
      rule: jixiaoText(row[2]),
      sheet: jixiaoText(row[3]),
      cell: jixiaoText(row[4]),
      indicator: jixiaoText(row[5]),
      message: jixiaoText(row[6]),
    }));
}

function jixiaoSummary(findings) {
  if (findings === null) {
    return "还没有校验结果：请点击“重新计算”或“仅校验”。";
  }
  if (findings.length === 0) return "上次运行未发现问题。";
  const counts = { 错误: 0, 警告: 0, 提示: 0 };
  for (const finding of findings) {
    if (finding.severity in counts) counts[finding.severity] += 1;
  }
  const parts = [];
  if (counts["错误"]) parts.push(`${counts["错误"]} 个错误`);
  if (counts["警告"]) parts.push(`${counts["警告"]} 个警告`);
  if (counts["提示"]) parts.push(`${counts["提示"]} 条提示`);
  if (parts.length === 0) parts.push(`${findings.length} 个问题`);
  return `上次运行发现 ${parts.join("、")}，点击可跳到对应单元格。`;
}

// The values of 校验结果, or null when the sheet does not exist.
async function jixiaoReadResults() {
  return Excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getItemOrNullObject(JIXIAO_RESULTS_SHEET);
    await context.sync();
    if (sheet.isNullObject) return null;
    const range = sheet.getUsedRange(true).load("values");
    await context.sync();
    return range.values;
  });
}

async function jixiaoGoTo(sheetName, cell) {
  await Excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getItem(sheetName);
    sheet.activate();
    sheet.getRange(cell).select();
    await context.sync();
  });
}

function jixiaoItem(doc, finding) {
  const item = doc.createElement("li");
  item.className = "list-group-item jixiao-finding";
  const button = doc.createElement("button");
  button.type = "button";
  button.className = "jixiao-goto";
  const badge = doc.createElement("span");
  badge.className = `jixiao-badge jixiao-${JIXIAO_SEVERITY_CLASS[finding.severity] || "info"}`;
  badge.textContent = finding.severity;
  const where = doc.createElement("span");
  where.className = "jixiao-where";
  where.textContent = finding.cell ? `${finding.sheet}!${finding.cell}` : finding.sheet;
  const indicator = doc.createElement("span");
  indicator.className = "jixiao-indicator";
  indicator.textContent = finding.indicator;
  const message = doc.createElement("div");
  message.className = "jixiao-message";
  message.textContent = finding.message;
  button.appendChild(badge);
  button.appendChild(where);
  button.appendChild(indicator);
  button.appendChild(message);
  if (finding.sheet && finding.cell) {
    button.addEventListener("click", () => {
      jixiaoGoTo(finding.sheet, finding.cell).catch((error) => console.error(error));
    });
  } else {
    button.disabled = true;
  }
  item.appendChild(button);
  return item;
}

function jixiaoRender(doc, values) {
  const list = doc.getElementById("jixiao-findings");
  const summary = doc.getElementById("jixiao-summary");
  if (!list || !summary) return [];
  const findings = values === null ? null : jixiaoParseResults(values);
  summary.textContent = jixiaoSummary(findings);
  list.replaceChildren(...(findings || []).map((finding) => jixiaoItem(doc, finding)));
  return findings || [];
}

async function jixiaoRefresh() {
  const doc = globalThis.document;
  if (!doc) return [];
  try {
    return jixiaoRender(doc, await jixiaoReadResults());
  } catch (error) {
    console.error(error);
    const summary = doc.getElementById("jixiao-summary");
    if (summary) summary.textContent = `无法读取“校验结果”工作表：${error && error.message ? error.message : error}`;
    return [];
  }
}

function jixiaoBindButtons(doc) {
  for (const button of doc.querySelectorAll("[data-jixiao-script]")) {
    button.addEventListener("click", () => {
      const name = button.getAttribute("data-jixiao-script");
      button.disabled = true;
      Promise.resolve(globalThis.jixiaoRun(name))
        .catch((error) => console.error(error))
        .finally(() => {
          button.disabled = false;
        });
    });
  }
  const refresh = doc.getElementById("jixiao-refresh");
  if (refresh) refresh.addEventListener("click", () => jixiaoRefresh());
}

globalThis.jixiaoFindings = {
  parse: jixiaoParseResults,
  summary: jixiaoSummary,
  render: jixiaoRender,
  refresh: jixiaoRefresh,
};

if (globalThis.document) {
  jixiaoBindButtons(globalThis.document);
  Office.onReady().then(() => jixiaoRefresh());
}
