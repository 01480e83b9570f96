// Package e2e holds recap's end-to-end tests: the sample journal built and
// driven in headless Chromium (through github.com/chromedp/chromedp), over
// HTTP under a subpath and from file://, and checked with axe-core. The tests
// skip when no Chromium or Chrome binary is found (set RECAP_CHROME to point
// at one) and the accessibility test when axe-core is not installed (see
// axeSource). The scale and timing test, TestSearchSpeed10k, runs only with
// RECAP_LONG=1, and logs its times rather than checking them.
//
// The tests write only into their temporary folders: the builds' outputs,
// the user cache folder a build may keep its state in, and Chromium's
// profile, home and temporary folder.
package e2e
