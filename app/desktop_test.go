package app

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
)

type frontendKey string

func TestDesktopOnly(t *testing.T) {
	err := desktopOnly(context.Background(), "Saving a file", domain.RDesktopSaveBody)
	assert.Equal(t, domain.ERule, domain.ErrorCode(err))
	assert.Contains(t, domain.ErrorMessage(err), "Saving a file needs the desktop window")
	assert.Error(t, desktopOnly(context.WithValue(context.Background(), frontendKey("frontend"), 1), "x", domain.RDesktopSaveBody),
		"only Wails' own key counts")

	// Wails keeps its runtime under the plain string key "frontend".
	wails := context.WithValue(context.Background(), "frontend", struct{}{}) //lint:ignore SA1029 the key Wails itself uses
	assert.NoError(t, desktopOnly(wails, "x", domain.RDesktopSaveBody))
}

// TestRuntimeCallsAreGuarded reads this package's source: a function that
// calls the Wails runtime (which ends the process on a context that is not the
// window's, as in browser mode) must call desktopOnly before it.
func TestRuntimeCallsAreGuarded(t *testing.T) {
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		require.NoError(t, err)
		alias := ""
		for _, imp := range f.Imports {
			if path, _ := strconv.Unquote(imp.Path.Value); path == "github.com/wailsapp/wails/v2/pkg/runtime" {
				alias = "runtime"
				if imp.Name != nil {
					alias = imp.Name.Name
				}
			}
		}
		if alias == "" {
			continue
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			var firstRuntime, guard token.Pos
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				switch fun := call.Fun.(type) {
				case *ast.SelectorExpr:
					if x, ok := fun.X.(*ast.Ident); ok && x.Name == alias && (firstRuntime == token.NoPos || call.Pos() < firstRuntime) {
						firstRuntime = call.Pos()
					}
				case *ast.Ident:
					if fun.Name == "desktopOnly" && (guard == token.NoPos || call.Pos() < guard) {
						guard = call.Pos()
					}
				}
				return true
			})
			if firstRuntime == token.NoPos {
				continue
			}
			checked++
			assert.True(t, guard != token.NoPos && guard < firstRuntime,
				"%s: %s calls the Wails runtime without desktopOnly(ctx, ...) first; browser mode would end the process",
				fset.Position(firstRuntime), fn.Name.Name)
		}
	}
	assert.Positive(t, checked, "the check found the runtime calls it guards")
}
