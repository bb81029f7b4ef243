package dev.conifer.node.demo;

import java.net.URI;
import java.nio.file.Path;

/**
 * A relative with only a browser reads a learning path through home's doorway: headless Chromium
 * loads the path's page, the demo checks the text it built and counts, in a screenshot, the pixels
 * of the cover's and the diagram's own colours.
 */
final class BrowserStep {
  private final FamilyStory s;

  BrowserStep(FamilyStory story) {
    this.s = story;
  }

  void run(boolean skip) throws InterruptedException {
    Narrator n = s.n;
    n.step("Grandma reads a learning path in a browser, through home's doorway");
    LearningPaths.LearningPath water = LearningPaths.ALL.get(3);
    URI page = s.cast.home.doorwayUri().resolve("/ns/" + s.namespace + "/" + water.key());
    n.say("Open " + page + " in any browser. Here: headless Chromium.");
    if (skip) {
      s.checks.skip("a browser rendered the page", "at your request: --no-browser");
      return;
    }
    StringBuilder why = new StringBuilder();
    BrowserCheck browser = BrowserCheck.find(s.cast.logs().resolve("browser"), why);
    if (browser == null) {
      s.checks.failStep("the browser rendered the page", why.toString());
      return;
    }
    String dom = browser.dumpDom(page);
    s.checks.check(
        dom.contains(water.title()) && dom.contains(water.steps().get(0)),
        "Chromium built the page of '" + water.title() + "' with its steps",
        "the DOM (" + dom.length() + " characters) lacks the title or the first step");
    String cover = s.attachments.get(water.coverName());
    String diagram = s.attachments.get(OfflineStory.DIAGRAM);
    s.checks.check(
        dom.contains("<img") && dom.contains(cover) && dom.contains(diagram),
        "the page shows both pictures as <img> from the doorway's /blobs/",
        "no <img> naming both blobs in the DOM");
    Path shot = browser.screenshot(page, "doorway-" + water.slug() + ".png");
    int coverPixels = BrowserCheck.pixelsOf(shot, water.background());
    int diagramPixels = BrowserCheck.pixelsOf(shot, new java.awt.Color(0x0D, 0x47, 0xA1));
    n.say(
        "Screenshot: "
            + n.shown(shot.toString())
            + " ("
            + coverPixels
            + " pixels of the cover's blue, "
            + diagramPixels
            + " of the diagram's)");
    // A 96x64 picture has 6144 pixels; most are its background colour.
    s.checks.check(
        coverPixels > 2000 && diagramPixels > 2000,
        "Chromium rendered the cover and the diagram (their colours are on the screenshot)",
        "cover " + coverPixels + " and diagram " + diagramPixels + " pixels; see " + shot);
  }
}
