// Draws Adaptive Cards with Microsoft's renderer (the `adaptivecards` package) in headless
// Chromium, as Teams would lay them out, and saves one PNG per card and width.
// Input: a JSON file {"name": card, ...}; output directory; Chromium's path.
// Also reports every button whose title does not fit (the renderer, like Teams, never
// wraps a button title): {"name", "width", "cut": ["title", ...]} per line on stdout.
"use strict";
const fs = require("fs");
const path = require("path");
const puppeteer = require("puppeteer-core");

const [cardsFile, outDir, chromium] = process.argv.slice(2);
const cards = JSON.parse(fs.readFileSync(cardsFile, "utf8"));
const sdk = require.resolve("adaptivecards/dist/adaptivecards.js");
// Teams' look, approximately: its font, sizes and spacing (the host config Teams uses is not
// published as a file; these are the values its documentation gives).
const hostConfig = {
  fontFamily: "'Segoe UI', system-ui, sans-serif",
  spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  fontSizes: { small: 12, default: 14, medium: 18, large: 20, extraLarge: 24 },
  actions: { maxActions: 6, buttonSpacing: 8, actionsOrientation: "horizontal",
             actionAlignment: "left", showCard: { actionMode: "inline" } },
  containerStyles: { default: { backgroundColor: "#FFFFFF",
    foregroundColors: { default: { default: "#242424", subtle: "#616161" },
                        good: { default: "#0B6A0B" }, attention: { default: "#C4314B" } } } },
};
const WIDTHS = { desktop: 432, phone: 300 };  // Teams chat card widths, in CSS pixels

(async () => {
  fs.mkdirSync(outDir, { recursive: true });
  const browser = await puppeteer.launch({
    executablePath: chromium,
    args: ["--no-sandbox", "--disable-gpu", "--font-render-hinting=none"],
  });
  const page = await browser.newPage();
  await page.setContent(
    `<html><head><style>body{margin:0;background:#f5f5f5}
     #card{margin:8px;box-shadow:0 1px 3px #bbb;border-radius:4px;overflow:hidden}</style>
     </head><body><div id="card"></div></body></html>`
  );
  await page.addScriptTag({ path: sdk });
  for (const [name, card] of Object.entries(cards)) {
    for (const [label, width] of Object.entries(WIDTHS)) {
      const cut = await page.evaluate((card, hostConfig, width) => {
        const host = document.getElementById("card");
        host.style.width = width + "px";
        host.innerHTML = "";
        const adaptive = new AdaptiveCards.AdaptiveCard();
        adaptive.hostConfig = new AdaptiveCards.HostConfig(hostConfig);
        AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
          result.outputHtml = text
            .replace(/&/g, "&amp;").replace(/</g, "&lt;")
            .replace(/\*\*(.+?)\*\*/g, "<b>$1</b>")
            .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '<a href="$2">$1</a>')
            .replace(/\n/g, "<br>");
          result.didProcess = true;
        };
        adaptive.parse(card);
        host.appendChild(adaptive.render());
        // A title is cut when its text overflows its button (or an element inside it), or
        // when the button itself runs past the card's edge.
        const edge = host.getBoundingClientRect().right;
        const overflows = (el) => el.scrollWidth > el.clientWidth + 1;
        return Array.from(host.querySelectorAll("button"))
          .filter((b) => overflows(b) || Array.from(b.querySelectorAll("*")).some(overflows)
                         || b.getBoundingClientRect().right > edge + 1)
          .map((b) => b.textContent);
      }, card, hostConfig, width);
      const element = await page.$("#card");
      const file = path.join(outDir, `${name.replace(/[^A-Za-z0-9._-]+/g, "_")}.${label}.png`);
      await element.screenshot({ path: file });
      process.stdout.write(JSON.stringify({ name, width: label, cut, file }) + "\n");
    }
  }
  await browser.close();
})().catch((exc) => { console.error(exc); process.exit(1); });
