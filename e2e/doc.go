// Package e2e holds recap's end-to-end tests: the sample journal built and
// driven in headless Chromium (through github.com/chromedp/chromedp), over
// HTTP under a subpath and from file://. The tests skip when no Chromium or
// Chrome binary is found; set RECAP_CHROME to point at one.
package e2e
