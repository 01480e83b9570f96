// Package themes embeds recap's built-in theme, themes/default.
//
// A theme is a folder with layouts/ (html/template files, one per page kind,
// plus base.html and partials.html) and static/ (copied to the output's
// assets/ folder). A site's own theme, themes/NAME under the site root, is laid
// over this one file by file: a file it has replaces the built-in one, and
// every file it lacks comes from here.
package themes

import (
	"embed"
	"io/fs"
)

//go:embed default
var embedded embed.FS

// Default is the built-in theme, rooted at its folder.
var Default fs.FS = mustSub(embedded, "default")

func mustSub(f fs.FS, dir string) fs.FS {
	s, err := fs.Sub(f, dir)
	if err != nil {
		panic(err)
	}
	return s
}
