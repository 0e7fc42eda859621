// Validates Adaptive Cards with Microsoft's SDK (the `adaptivecards` package that Teams'
// renderers are built on). Input: JSON Lines on stdin, each {"name": ..., "card": {...}}.
// Output: one JSON line per card: {"name", "errors": [...], "warnings": [...]}.
// Parse events (unknown types or properties, invalid values) and the SDK's own property
// validation are errors; the SDK renders each card into a DOM (jsdom) to prove it renders.
"use strict";
const { JSDOM } = require("jsdom");
const dom = new JSDOM("<!DOCTYPE html><body></body>");
global.window = dom.window;
for (const key of Object.getOwnPropertyNames(dom.window)) {
  if (/^(HTML|SVG|Node|Element|Event|document|navigator|getComputedStyle)/.test(key) && !(key in global)) {
    global[key] = dom.window[key];
  }
}
const AC = require("adaptivecards/dist/adaptivecards.js");
// Teams renders Markdown in TextBlocks; here it only has to render, so the text is escaped
// as is (otherwise the SDK prints a warning for every TextBlock).
AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
  result.outputHtml = text.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  result.didProcess = true;
};

function check(card) {
  const errors = [];
  const warnings = [];
  const context = new AC.SerializationContext();
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    errors.push(`parse: ${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  const validation = parsed.validateProperties();
  for (const e of validation.validationEvents) {
    errors.push(`validate: ${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  const element = parsed.render();
  if (!element) errors.push("render: the SDK rendered nothing");
  return { errors, warnings };
}

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  for (const line of input.split("\n")) {
    if (!line.trim()) continue;
    const { name, card } = JSON.parse(line);
    let result;
    try {
      result = check(card);
    } catch (exc) {
      result = { errors: [`exception: ${exc && exc.message}`], warnings: [] };
    }
    process.stdout.write(JSON.stringify({ name, ...result }) + "\n");
  }
});
