package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// exampleDocs are the documents whose examples are run, from the repository root.
var exampleDocs = []string{"README.md", "docs/commands.md", "docs/format.md"}

// exampleStep is one command of a console block and the output shown for it.
type exampleStep struct {
	line int    // 1-based line of the command in the document
	cmd  string // the command, without "$ "
	want []string
}

// exampleBlock is one console block: its steps, and the range of document
// lines that holds them (0-based, end exclusive), which -update replaces.
type exampleBlock struct {
	start, end int
	steps      []exampleStep
}

// TestDocExamples runs the examples in README.md and the manual and checks
// that their output is what the documents show.
//
// An example is a fenced block opened by a line "```console". In it, a line
// starting with "$ " is a command and the lines up to the next command or the
// end of the block are its output, as a terminal shows it (standard output and
// standard error interleaved). Three commands are understood:
//
//	$ recap ARGS...         runs recap in the site's folder
//	$ cat FILE              prints a file of the site
//	$ export NAME=VALUE     sets an environment variable for the recap commands after it
//
// Arguments are split at spaces; '…' and "…" quote, with no expansion. Each
// document runs on its own copy of the sample journal (config.toml and content/
// at the repository root), its commands in document order, so that a command
// sees what the commands above it changed. A recap command must exit 0, and
// RECAP_NOW (or --now) must be set, so that the output does not depend on the
// day the test runs.
//
// go test ./cmd/recap -update rewrites the outputs in the documents.
func TestDocExamples(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_CACHE_HOME", t.TempDir()) // a recap build's state stays out of ~/.cache
	for _, doc := range exampleDocs {
		t.Run(strings.ReplaceAll(doc, "/", "_"), func(t *testing.T) {
			path := filepath.Join(root, filepath.FromSlash(doc))
			data, err := os.ReadFile(path)
			if errors.Is(err, fs.ErrNotExist) && doc != "README.md" {
				t.Skipf("%s does not exist", doc)
			}
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(string(data), "\n")
			blocks, err := parseExamples(lines)
			if err != nil {
				t.Fatalf("%s:%v", doc, err)
			}
			site := copySampleSite(t, root)
			t.Chdir(site)
			environ := map[string]string{}
			changed := false
			for bi := range blocks {
				for si := range blocks[bi].steps {
					s := &blocks[bi].steps[si]
					got, err := runExample(t, s.cmd, environ)
					if err != nil {
						t.Errorf("%s:%d: $ %s: %v", doc, s.line, s.cmd, err)
						continue
					}
					if strings.Join(got, "\n") == strings.Join(normalizeOutput(s.want), "\n") {
						continue
					}
					if *update {
						s.want, changed = got, true
						continue
					}
					t.Errorf("%s:%d: $ %s: the output differs from the document (go test ./cmd/recap -update rewrites it)\n--- got\n%s\n--- document\n%s",
						doc, s.line, s.cmd, strings.Join(got, "\n"), strings.Join(s.want, "\n"))
				}
			}
			if changed {
				if err := os.WriteFile(path, []byte(rewriteExamples(lines, blocks)), 0o644); err != nil {
					t.Fatal(err)
				}
				t.Logf("rewrote the example outputs in %s", doc)
			}
		})
	}
}

// parseExamples finds the console blocks of a document split into lines.
func parseExamples(lines []string) ([]exampleBlock, error) {
	var blocks []exampleBlock
	for i := 0; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != "```console" {
			continue
		}
		b := exampleBlock{start: i + 1}
		j := i + 1
		for ; j < len(lines) && strings.TrimSpace(lines[j]) != "```"; j++ {
			l := lines[j]
			switch {
			case strings.HasPrefix(l, "$ "):
				b.steps = append(b.steps, exampleStep{line: j + 1, cmd: strings.TrimSpace(l[2:])})
			case len(b.steps) == 0:
				if strings.TrimSpace(l) != "" {
					return nil, fmt.Errorf("%d: a console block must start with a command (\"$ recap …\")", j+1)
				}
			default:
				s := &b.steps[len(b.steps)-1]
				s.want = append(s.want, l)
			}
		}
		if j == len(lines) {
			return nil, fmt.Errorf("%d: the console block is not closed", i+1)
		}
		b.end = j
		blocks = append(blocks, b)
		i = j
	}
	return blocks, nil
}

// rewriteExamples puts the blocks' steps, with their outputs, back into the document.
func rewriteExamples(lines []string, blocks []exampleBlock) string {
	var out []string
	prev := 0
	for _, b := range blocks {
		out = append(out, lines[prev:b.start]...)
		for _, s := range b.steps {
			out = append(out, "$ "+s.cmd)
			out = append(out, s.want...)
		}
		prev = b.end
	}
	out = append(out, lines[prev:]...)
	return strings.Join(out, "\n")
}

// runExample runs one command of a console block in the current folder and
// returns its output, normalized.
func runExample(t *testing.T, cmd string, environ map[string]string) ([]string, error) {
	t.Helper()
	args, err := splitCommand(cmd)
	if err != nil {
		return nil, err
	}
	if len(args) == 0 {
		return nil, fmt.Errorf("an empty command")
	}
	var out bytes.Buffer
	switch args[0] {
	case "export":
		for _, a := range args[1:] {
			name, value, ok := strings.Cut(a, "=")
			if !ok || name == "" {
				return nil, fmt.Errorf("want export NAME=VALUE")
			}
			environ[name] = value
		}
	case "cat":
		for _, a := range args[1:] {
			data, err := os.ReadFile(filepath.FromSlash(a))
			if err != nil {
				return nil, err
			}
			out.Write(data)
		}
	case "recap":
		now := environ["RECAP_NOW"] != ""
		for _, a := range args[1:] {
			now = now || a == "--now" || strings.HasPrefix(a, "--now=")
		}
		if !now && len(args) > 1 && args[1] != "help" && args[1] != "version" {
			return nil, fmt.Errorf("fix the clock first, with \"$ export RECAP_NOW=…\" in a console block above or --now, so that the output is reproducible")
		}
		// No editor is saving a note between the commands of a document:
		// recap review and recap done refuse a note changed less than a
		// second ago.
		ageSite(t, ".")
		// One writer for both streams keeps them in the order a terminal shows.
		code := run(args[1:], &env{stdout: &out, stderr: &out, getenv: func(k string) string { return environ[k] }})
		if code != 0 {
			return nil, fmt.Errorf("exit status %d:\n%s", code, out.String())
		}
	default:
		return nil, fmt.Errorf("the examples run only recap, cat and export")
	}
	text := out.String()
	if strings.Contains(text, "```") {
		return nil, fmt.Errorf("the output holds ``` and would end the console block")
	}
	got := normalizeOutput(strings.Split(text, "\n"))
	for _, l := range got {
		if strings.HasPrefix(l, "$ ") {
			return nil, fmt.Errorf("an output line starts with \"$ \" and would read as a command: %q", l)
		}
	}
	return got, nil
}

// normalizeOutput drops trailing spaces from each line and the blank lines at
// the end, which a document cannot show reliably.
func normalizeOutput(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = strings.TrimRight(l, " \t\r")
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

// splitCommand splits a command line at spaces, with '…' and "…" quoting.
// Shell syntax beyond that (pipes, redirections, $) is refused.
func splitCommand(s string) ([]string, error) {
	var args []string
	var cur strings.Builder
	inArg := false
	var quote rune
	for _, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, inArg = r, true
		case r == ' ' || r == '\t':
			if inArg {
				args = append(args, cur.String())
				cur.Reset()
				inArg = false
			}
		case strings.ContainsRune("|&;<>()$`\\#*?", r):
			return nil, fmt.Errorf("the examples take no shell syntax (%q)", r)
		default:
			cur.WriteRune(r)
			inArg = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("an unclosed quote")
	}
	if inArg {
		args = append(args, cur.String())
	}
	return args, nil
}

// copySampleSite copies the sample journal (config.toml and content/ under
// root) to a temporary folder and returns the folder.
func copySampleSite(t *testing.T, root string) string {
	t.Helper()
	dst := t.TempDir()
	copyFile := func(src, dst string) error {
		data, err := os.ReadFile(src)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	}
	if err := copyFile(filepath.Join(root, "config.toml"), filepath.Join(dst, "config.toml")); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(root, "content")
	err := filepath.Walk(src, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, "content", rel)
		if fi.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		return copyFile(p, target)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}
