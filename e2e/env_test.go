package e2e

import (
	"os"
	"runtime"
	"testing"
)

// keepCacheInside points the user's cache folder (os.UserCacheDir), where
// the recap command keeps its builds' state, into a temporary folder of the
// test, for the rest of the test, so that a test writes nowhere else.
// Programs the test runs inherit it.
func keepCacheInside(t testing.TB) {
	t.Helper()
	dir := t.TempDir()
	switch runtime.GOOS {
	case "windows":
		t.Setenv("LocalAppData", dir)
	case "darwin", "ios":
		t.Setenv("HOME", dir)
	case "plan9":
		t.Setenv("home", dir)
	default:
		t.Setenv("XDG_CACHE_HOME", dir)
	}
}

// needLong skips a test unless RECAP_LONG=1 is set: the scale and timing
// tests, which take minutes and measure rather than check. .ci/run sets it.
func needLong(t *testing.T, what string) {
	t.Helper()
	if os.Getenv("RECAP_LONG") != "1" || testing.Short() {
		t.Skipf("%s; set RECAP_LONG=1 (and no -short) to run it", what)
	}
}
