// The 绩效自评 ribbon on Excel on the web and Microsoft 365.
// Each ExecuteFunction button in templates/manifest.xml is associated here with the xlwings
// Server script of the same name (custom_scripts: the same commands as the desktop add-in).
// xlwings.runPython sends the workbook, applies the returned actions and shows errors itself;
// afterwards the task pane's list of findings is refreshed. Office.actions.associate needs the
// shared runtime (manifest: SharedRuntime 1.1). Runs are queued: a second click while one runs
// would otherwise read the workbook before the first run's marks are written.

let jixiaoQueue = Promise.resolve();

async function jixiaoRunOnce(scriptName) {
  const auth =
    typeof globalThis.getAuth === "function"
      ? await globalThis.getAuth()
      : { token: "", provider: "" };
  await globalThis.xlwings.runPython({
    scriptName: scriptName,
    auth: auth.token,
    headers: { "Auth-Provider": auth.provider },
  });
  const findings = globalThis.jixiaoFindings;
  if (findings && typeof findings.refresh === "function") {
    await findings.refresh();
  }
}

function jixiaoRun(scriptName) {
  const run = jixiaoQueue.then(() => jixiaoRunOnce(scriptName));
  jixiaoQueue = run.catch(() => undefined);
  return run;
}

function jixiaoButton(scriptName) {
  return async function (event) {
    try {
      await jixiaoRun(scriptName);
    } catch (error) {
      console.error(error);
    } finally {
      event.completed(); // always, or Excel keeps the button busy
    }
  };
}

globalThis.jixiaoRun = jixiaoRun;

Office.actions.associate("recalc", jixiaoButton("recalc"));
Office.actions.associate("validate", jixiaoButton("validate"));
Office.actions.associate("clear_marks", jixiaoButton("clear_marks"));
