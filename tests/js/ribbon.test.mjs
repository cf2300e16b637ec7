// ribbon.js and findings.js of the Office.js add-in (addin/officejs/static/js), run with
// `node --test` in a vm sandbox against a fake Office, Excel, xlwings.runPython and DOM.
// tests/test_serve.py runs this file, so the README's single test command covers it.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const PROJECT = path.join(ROOT, "addin", "officejs");
const MANIFEST = readFileSync(path.join(PROJECT, "templates", "manifest.xml"), "utf8");
const FUNCTION_NAMES = [...MANIFEST.matchAll(/<FunctionName>([^<]+)<\/FunctionName>/g)].map(
  (match) => match[1],
);

class FakeElement {
  constructor(tag, attributes = {}) {
    this.tagName = tag;
    this.attributes = attributes;
    this.children = [];
    this.listeners = {};
    this.textContent = "";
    this.className = "";
    this.disabled = false;
  }
  appendChild(child) {
    this.children.push(child);
    return child;
  }
  replaceChildren(...children) {
    this.children = children;
  }
  addEventListener(type, listener) {
    (this.listeners[type] ||= []).push(listener);
  }
  getAttribute(name) {
    return name in this.attributes ? this.attributes[name] : null;
  }
  click() {
    for (const listener of this.listeners.click || []) listener();
  }
}

function fakeDocument() {
  const byId = {
    "jixiao-findings": new FakeElement("ol"),
    "jixiao-summary": new FakeElement("p"),
    "jixiao-refresh": new FakeElement("button"),
  };
  const scriptButtons = ["recalc", "validate", "clear_marks"].map(
    (name) => new FakeElement("button", { "data-jixiao-script": name }),
  );
  return {
    byId,
    scriptButtons,
    createElement: (tag) => new FakeElement(tag),
    getElementById: (id) => byId[id] || null,
    querySelectorAll: (selector) => {
      assert.equal(selector, "[data-jixiao-script]");
      return scriptButtons;
    },
  };
}

// A workbook for Excel.run: sheets by name, each with the values of its used range.
function fakeExcel(sheets, log) {
  const context = {
    workbook: {
      worksheets: {
        getItemOrNullObject: (name) =>
          name in sheets ? sheet(name) : { isNullObject: true },
        getItem: (name) => sheet(name),
      },
    },
    sync: async () => {},
  };
  function sheet(name) {
    return {
      isNullObject: false,
      getUsedRange: (valuesOnly) => ({
        load: (what) => {
          assert.equal(what, "values");
          assert.equal(valuesOnly, true);
          return { values: sheets[name] };
        },
      }),
      activate: () => log.push(["activate", name]),
      getRange: (address) => ({ select: () => log.push(["select", name, address]) }),
    };
  }
  return { run: async (callback) => callback(context) };
}

function load(files, { runPython, getAuth, document, sheets = {} } = {}) {
  const associated = new Map();
  const calls = [];
  const log = [];
  const sandbox = {
    console: { error: () => {}, log: () => {} },
    Office: {
      actions: { associate: (name, handler) => associated.set(name, handler) },
      onReady: async () => ({ host: "Excel" }),
    },
    Excel: fakeExcel(sheets, log),
    xlwings: {
      runPython: async (options) => {
        calls.push(options);
        if (runPython) await runPython(options);
      },
    },
  };
  if (getAuth) sandbox.getAuth = getAuth;
  if (document) sandbox.document = document;
  vm.createContext(sandbox);
  for (const file of files) {
    const source = readFileSync(path.join(PROJECT, "static", "js", file), "utf8");
    vm.runInContext(source, sandbox, { filename: file });
  }
  return { sandbox, associated, calls, log };
}

function fakeEvent() {
  return {
    count: 0,
    completed() {
      this.count += 1;
    },
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
// Values made inside the sandbox belong to another realm; compare them as plain data.
const plain = (value) => JSON.parse(JSON.stringify(value));

test("every FunctionName of the manifest is associated, and nothing else", () => {
  const { associated } = load(["ribbon.js"]);
  assert.deepEqual(FUNCTION_NAMES, ["recalc", "validate", "clear_marks"]);
  assert.deepEqual([...associated.keys()], FUNCTION_NAMES);
});

test("each button runs its own script and completes the event", async () => {
  const { associated, calls } = load(["ribbon.js"]);
  for (const name of FUNCTION_NAMES) {
    const event = fakeEvent();
    await associated.get(name)(event);
    assert.equal(event.count, 1, name);
    assert.equal(calls.at(-1).scriptName, name);
    assert.equal(calls.at(-1).auth, "");
    assert.deepEqual(plain(calls.at(-1).headers), { "Auth-Provider": "" });
  }
  assert.equal(calls.length, FUNCTION_NAMES.length);
});

test("the event is completed even when the run fails", async () => {
  const { associated } = load(["ribbon.js"], {
    runPython: async () => {
      throw new Error("network down");
    },
  });
  const event = fakeEvent();
  await associated.get("recalc")(event);
  assert.equal(event.count, 1);
});

test("the token of a configured auth provider is sent", async () => {
  const { associated, calls } = load(["ribbon.js"], {
    getAuth: async () => ({ token: "Bearer abc", provider: "custom" }),
  });
  await associated.get("validate")(fakeEvent());
  assert.equal(calls[0].auth, "Bearer abc");
  assert.equal(calls[0].headers["Auth-Provider"], "custom");
});

test("a second click waits until the first run has written its marks", async () => {
  let release;
  const started = [];
  const { associated } = load(["ribbon.js"], {
    runPython: (options) => {
      started.push(options.scriptName);
      if (started.length === 1) return new Promise((resolve) => (release = resolve));
      return Promise.resolve();
    },
  });
  const first = associated.get("recalc")(fakeEvent());
  const second = associated.get("clear_marks")(fakeEvent());
  await tick();
  assert.deepEqual(started, ["recalc"]);
  release();
  await first;
  await second;
  assert.deepEqual(started, ["recalc", "clear_marks"]);
});

const RESULTS = [
  ["序号", "严重程度", "规则", "工作表", "单元格", "指标", "说明"],
  [1, "错误", "missing-deviation-reason", "附件2", "I25", "=1+1指标", "<b>未填写</b>偏差原因"],
  [2, "警告", "score-below-weight", "附件3-1", "H7", "完成率", "得分低于分值"],
  [3, "提示", "note", "附件1", "", "", "整表提示"],
];

test("the task pane lists the findings of 校验结果 and refreshes after a run", async () => {
  const document = fakeDocument();
  const { associated, sandbox, log } = load(["findings.js", "ribbon.js"], {
    document,
    sheets: { 校验结果: RESULTS },
  });
  await tick();
  const list = document.byId["jixiao-findings"];
  const summary = document.byId["jixiao-summary"];
  assert.equal(list.children.length, 3);
  assert.equal(summary.textContent, "上次运行发现 1 个错误、1 个警告、1 条提示，点击可跳到对应单元格。");
  const [badge, where, indicator, message] = list.children[0].children[0].children;
  assert.equal(badge.textContent, "错误");
  assert.match(badge.className, /jixiao-error/);
  assert.equal(where.textContent, "附件2!I25");
  assert.equal(indicator.textContent, "=1+1指标"); // text, never markup or a formula
  assert.equal(message.textContent, "<b>未填写</b>偏差原因");

  list.children[1].children[0].click();
  await tick();
  assert.deepEqual(plain(log), [
    ["activate", "附件3-1"],
    ["select", "附件3-1", "H7"],
  ]);
  assert.equal(list.children[2].children[0].disabled, true); // no cell to go to

  list.replaceChildren();
  await associated.get("recalc")(fakeEvent());
  assert.equal(list.children.length, 3);
  assert.equal(typeof sandbox.jixiaoFindings.refresh, "function");
});

test("the task pane's buttons run the scripts", async () => {
  const document = fakeDocument();
  const { calls } = load(["findings.js", "ribbon.js"], { document, sheets: {} });
  document.scriptButtons[1].click();
  await tick();
  await tick();
  assert.deepEqual(
    calls.map((call) => call.scriptName),
    ["validate"],
  );
  assert.equal(document.scriptButtons[1].disabled, false);
});

test("without 校验结果 or without findings the pane says so", async () => {
  const document = fakeDocument();
  const { sandbox } = load(["findings.js"], { document, sheets: {} });
  await tick();
  assert.equal(
    document.byId["jixiao-summary"].textContent,
    "还没有校验结果：请点击“重新计算”或“仅校验”。",
  );
  const none = [RESULTS[0], ["", "", "", "", "", "", "未发现问题。"]];
  assert.equal(sandbox.jixiaoFindings.parse(none).length, 0);
  assert.equal(sandbox.jixiaoFindings.summary([]), "上次运行未发现问题。");
});

test("workbook text is never put into innerHTML", () => {
  for (const file of ["ribbon.js", "findings.js"]) {
    const source = readFileSync(path.join(PROJECT, "static", "js", file), "utf8");
    assert.doesNotMatch(source, /innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  }
});
