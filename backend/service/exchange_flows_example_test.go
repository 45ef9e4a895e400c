package service_test

import (
	"bytes"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/invoke"
	"junction/backend/service"
	"junction/backend/testkit"
)

// examplePath is the demo package the documentation ships.
var examplePath = filepath.Join("..", "..", "docs", "examples", "open-platform.junction.json")

// placeholderHost is the example's host, which its users change.
const placeholderHost = `"host": "127.0.0.1:8080"`

// The shipped example is a package as Junction exports it (every field, in
// order), but without a checksum, since people edit its host: importing it
// and exporting again gives its bytes back but for exportedAt, exportedBy
// and the checksum.
func TestExample_IsWhatAnExportWrites(t *testing.T) {
	file, err := os.ReadFile(examplePath)
	require.NoError(t, err)
	require.Equal(t, 1, bytes.Count(file, []byte(placeholderHost)), "the example has one placeholder host")
	assert.Contains(t, string(file), `"checksum": null`)

	e := newEnv(t)
	report, err := e.svc.Import(e.ctx, admin, file, service.ImportOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"open-platform", "open-platform/get-code", "open-platform/get-user-token", "open-platform/list-departments", "flow:sync-departments"}, report.Created)
	assert.Equal(t, []string{"open-platform/prod/default appSecret"}, report.NeedsSecrets, "the app secret is not in the file")
	again, err := e.svc.Export(e.ctx, admin, []string{"open-platform"}, service.ExportOptions{})
	require.NoError(t, err)
	assert.Equal(t, withoutLines(string(file), "exportedAt", "exportedBy", "checksum"), withoutLines(string(again), "exportedAt", "exportedBy", "checksum"))

	v, err := e.svc.GetFlow(e.ctx, admin, "sync-departments")
	require.NoError(t, err)
	assert.False(t, v.Enabled, "importing the example starts nothing against the placeholder host")
}

// withoutLines drops the top-level members named of a package's text.
func withoutLines(pkg string, names ...string) string {
	var keep []string
	for _, line := range strings.Split(pkg, "\n") {
		drop := false
		for _, n := range names {
			drop = drop || strings.HasPrefix(line, `  "`+n+`": `)
		}
		if !drop {
			keep = append(keep, line)
		}
	}
	return strings.Join(keep, "\n")
}

// The example runs: imported with only its host pointed at the test
// platform, its app secret set, its flow calls the three interfaces once
// each and passes; the secret is nowhere in the store in clear text.
func TestExample_TheDemoFlowRuns(t *testing.T) {
	file, err := os.ReadFile(examplePath)
	require.NoError(t, err)
	p := testkit.NewOpenPlatform(t)
	u, err := url.Parse(p.URL)
	require.NoError(t, err)
	data := bytes.Replace(file, []byte(placeholderHost), []byte(`"host": "`+u.Host+`"`), 1)

	e := newEnv(t)
	_, err = e.svc.Import(e.ctx, admin, data, service.ImportOptions{})
	require.NoError(t, err)
	conn, err := e.svc.GetConnection(e.ctx, admin, "open-platform", "prod")
	require.NoError(t, err)
	require.Len(t, conn.Accounts, 1)
	p.AppKey = conn.Accounts[0].Fields["appKey"] // the platform knows the example's app key
	p.AppSecret = "example-app-secret-7"
	require.NoError(t, e.svc.SetSecret(e.ctx, admin, "open-platform", "prod", "default", "appSecret", p.AppSecret))

	run, err := e.svc.RunFlow(e.ctx, admin, "sync-departments", service.FlowRunInput{})
	require.NoError(t, err)
	require.Equal(t, invoke.VerdictOK, run.Verdict, run.Message)
	require.Len(t, run.Steps, 3)
	for i, key := range []string{"code", "token", "departments"} {
		assert.Equal(t, key, run.Steps[i].Key)
		assert.Equal(t, invoke.VerdictOK, run.Steps[i].Verdict, run.Steps[i].Message)
		assert.Equal(t, 1, run.Steps[i].Attempts)
	}
	for _, path := range []string{"/code", "/token", "/departments"} {
		assert.Equal(t, 1, p.Calls(path), path)
	}
	assert.Len(t, run.Outputs["departments"], len(testkit.Departments))
	assert.NotContains(t, fmt.Sprint(snapshot(t, e.svc)), p.AppSecret, "the secret is in no row in clear text")
}
