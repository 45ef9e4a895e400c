package service_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"junction/backend/invoke"
	"junction/backend/secret"
	"junction/backend/service"
	"junction/backend/store/storetest"
	"junction/backend/testkit"
)

// BenchmarkFlowRun measures what a run of the demo flow (docs/examples,
// three calls against the loopback test platform) costs beyond its HTTP
// calls: the same three calls made by a plain net/http client, decoding
// the same answers, run side by side in the same process and the same run;
// junction reports overhead-ms/run, its time a run minus plain's. Run it
// 1,000 times each:
//
//	go test -tags sqlite_fts5 -run '^$' -bench BenchmarkFlowRun -benchtime 1000x -benchmem ./backend/service
//
// What Junction adds is the run's work: authorising it, resolving and
// preparing each call (interface, connection, account, secret opened),
// templates and conditions, the redacted step records, the run's rows and
// its audit entry in SQLite.
func BenchmarkFlowRun(b *testing.B) {
	p := testkit.NewOpenPlatform(b)
	svc := benchFlowService(b, p)
	ctx := context.Background()
	client := &http.Client{}

	var plainNsPerRun float64
	b.Run("plain-net-http", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			if err := plainDemoRun(client, p); err != nil {
				b.Fatal(err)
			}
		}
		plainNsPerRun = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	})
	b.Run("junction", func(b *testing.B) {
		if plainNsPerRun == 0 {
			b.Skip("plain-net-http measures the calls this is compared with: run both")
		}
		b.ReportAllocs()
		for range b.N {
			run, err := svc.RunFlow(ctx, admin, "sync-departments", service.FlowRunInput{})
			if err != nil {
				b.Fatal(err)
			}
			if run.Verdict != invoke.VerdictOK {
				b.Fatalf("run %s: %s", run.Verdict, run.Message)
			}
		}
		perRun := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
		b.ReportMetric((perRun-plainNsPerRun)/1e6, "overhead-ms/run")
	})
}

// benchFlowService is a service over a fresh store (wall clock) holding the
// example package pointed at p, its app secret set.
func benchFlowService(b *testing.B, p *testkit.OpenPlatform) *service.Service {
	b.Helper()
	file, err := os.ReadFile(examplePath)
	require.NoError(b, err)
	u, err := url.Parse(p.URL)
	require.NoError(b, err)
	data := bytes.Replace(file, []byte(placeholderHost), []byte(`"host": "`+u.Host+`"`), 1)
	box, err := secret.OpenKeyFile(filepath.Join(b.TempDir(), "key"))
	require.NoError(b, err)
	svc := service.New(storetest.Open(b), box, service.Options{})
	ctx := context.Background()
	_, err = svc.EnsureProfile(ctx, admin)
	require.NoError(b, err)
	_, err = svc.Import(ctx, admin, data, service.ImportOptions{})
	require.NoError(b, err)
	conn, err := svc.GetConnection(ctx, admin, "open-platform", "prod")
	require.NoError(b, err)
	p.AppKey = conn.Accounts[0].Fields["appKey"]
	require.NoError(b, svc.SetSecret(ctx, admin, "open-platform", "prod", "default", "appSecret", p.AppSecret))
	return svc
}

// plainDemoRun makes the demo's three calls as a hand-written client would:
// a code, a token for it, the departments with the token, each answer
// decoded and checked.
func plainDemoRun(client *http.Client, p *testkit.OpenPlatform) error {
	var code struct {
		Code string `json:"code"`
	}
	if err := plainCall(client, http.MethodGet, p.URL+"/code", nil, "", &code); err != nil {
		return err
	}
	body, err := json.Marshal(map[string]string{"code": code.Code, "appKey": p.AppKey, "appSecret": p.AppSecret})
	if err != nil {
		return err
	}
	var token struct {
		Errcode     int    `json:"errcode"`
		AccessToken string `json:"access_token"`
	}
	if err := plainCall(client, http.MethodPost, p.URL+"/token", body, "", &token); err != nil {
		return err
	}
	if token.Errcode != 0 || token.AccessToken == "" {
		return fmt.Errorf("token refused: %+v", token)
	}
	var list struct {
		Errcode     int              `json:"errcode"`
		Departments []map[string]any `json:"departments"`
	}
	if err := plainCall(client, http.MethodGet, p.URL+"/departments", nil, "Bearer "+token.AccessToken, &list); err != nil {
		return err
	}
	if list.Errcode != 0 || len(list.Departments) != len(testkit.Departments) {
		return fmt.Errorf("departments refused: %+v", list)
	}
	return nil
}

func plainCall(client *http.Client, method, u string, body []byte, auth string, out any) error {
	req, err := http.NewRequest(method, u, bytes.NewReader(body))
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("%s %s: %d %s", method, u, res.StatusCode, raw)
	}
	return json.Unmarshal(raw, out)
}
