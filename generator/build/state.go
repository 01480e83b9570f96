package build

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/recapjournal/recap/generator/config"
	"github.com/recapjournal/recap/generator/diag"
)

// exeStamp identifies the running program (its path, size and modification
// time): a rebuilt recap, whose built-in theme or renderer may differ, never
// reuses a previous build's state.
func exeStamp() string {
	p, err := os.Executable()
	if err != nil {
		return "unknown"
	}
	st, err := os.Stat(p)
	if err != nil {
		return p
	}
	return fmt.Sprintf("%s %d %d", p, st.Size(), st.ModTime().UnixNano())
}

// state is what a build remembers, outside the output folder (in
// Options.StateDir; `recap build` uses the user's cache folder), so that a
// second build with nothing changed does nothing:
// the same input files (names, sizes, modification times), the same output
// files, and nothing that depends on the time has changed since (the date,
// or an unreviewed meeting passing its review deadline).
type state struct {
	Key        string    `json:"key"`
	Inputs     string    `json:"inputs"`
	Outputs    string    `json:"outputs"`
	Today      string    `json:"today"`
	Now        time.Time `json:"now"`        // the build's time: an earlier --now builds again
	ValidUntil time.Time `json:"validUntil"` // the first time after Now at which a page would change
	Result     Result    `json:"result"`
	Warnings   []warning `json:"warnings"`
}

// warning is a diag.Diagnostic as the state file keeps it.
type warning struct {
	Path      string `json:"path"`
	Line, Col int
	Code, Msg string
}

// statePath is where a build's state is kept: in Options.StateDir, or
// nowhere when it is empty.
func statePath(dir, key string) (string, error) {
	if dir == "" {
		return "", errors.New("no state folder")
	}
	return filepath.Join(dir, "state-"+key[:24]+".json"), nil
}

// stateKey names the build: site, output, drafts and the program.
func stateKey(root, out string, opt Options) string {
	ar, _ := filepath.Abs(root)
	ao, _ := filepath.Abs(out)
	h := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%s\x00%v\x00%s", ar, ao, opt.Drafts, exeStamp())))
	return hex.EncodeToString(h[:])
}

// digestTree hashes the names, sizes and modification times of the files
// under the given roots (a missing root counts as empty).
func digestTree(roots ...string) string {
	h := sha256.New()
	for _, root := range roots {
		if real, err := filepath.EvalSymlinks(root); err == nil {
			root = real // WalkDir does not enter a root that is a link
		}
		var lines []string
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			info, err := d.Info()
			if err != nil {
				return nil
			}
			if d.IsDir() {
				lines = append(lines, fmt.Sprintf("%s/", p))
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				if st, err := os.Stat(p); err == nil {
					info = st
				}
			}
			lines = append(lines, fmt.Sprintf("%s %d %d", p, info.Size(), info.ModTime().UnixNano()))
			return nil
		})
		sort.Strings(lines)
		fmt.Fprintf(h, "root %s\n%s\n", root, strings.Join(lines, "\n"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

func inputDigest(root string, cfg *config.Config) string {
	return digestTree(filepath.Join(root, config.FileName), cfg.ContentPath(root), filepath.Join(root, "themes", cfg.Theme))
}

// unchanged returns the remembered result when the build would change nothing.
func unchanged(dir, key, inputs, out string, now time.Time, today string) (*Result, bool) {
	p, err := statePath(dir, key)
	if err != nil {
		return nil, false
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, false
	}
	var st state
	if json.Unmarshal(b, &st) != nil || st.Key != key || st.Inputs != inputs || st.Today != today ||
		now.Before(st.Now) || !now.Before(st.ValidUntil) {
		return nil, false
	}
	if st.Outputs != digestTree(out) {
		return nil, false
	}
	r := st.Result
	r.Written = 0
	for _, w := range st.Warnings {
		r.Warnings = append(r.Warnings, &diag.Diagnostic{Path: w.Path, Line: w.Line, Col: w.Col, Severity: diag.Warning, Code: w.Code, Msg: w.Msg})
	}
	return &r, true
}

// remember records a successful build.
func remember(dir, key, inputs, out string, s *Site, res *Result) {
	p, err := statePath(dir, key)
	if err != nil {
		return
	}
	j := s.Journal
	loc := s.Config.Location
	t := j.Now.In(loc)
	valid := time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, loc)
	for _, m := range j.Meetings {
		if !m.Reviewed && !m.ReviewOverdue && m.ReviewDue.Before(valid) {
			valid = m.ReviewDue
		}
	}
	r := *res
	r.Warnings = nil
	st := state{Key: key, Inputs: inputs, Outputs: digestTree(out), Today: j.Today, Now: j.Now, ValidUntil: valid, Result: r}
	for _, d := range res.Warnings {
		st.Warnings = append(st.Warnings, warning{d.Path, d.Line, d.Col, d.Code, d.Msg})
	}
	b, err := json.Marshal(st)
	if err != nil {
		return
	}
	if os.MkdirAll(filepath.Dir(p), 0o755) == nil {
		tmp := p + ".tmp"
		if os.WriteFile(tmp, b, 0o644) == nil {
			_ = os.Rename(tmp, p)
		}
	}
}
