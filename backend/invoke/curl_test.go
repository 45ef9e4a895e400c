package invoke

import (
	"bytes"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/domain"
	"junction/backend/invoke/invoketest"
)

// gbkCall is a POST to a GBK system with a Chinese query param, header and
// JSON body, and the request record the engine kept of it.
func gbkCall(t *testing.T) (*invoketest.Server, *Result) {
	t.Helper()
	srv := invoketest.CharsetServer(t, "GBK", `{"code":0}`)
	conn := connTo(srv)
	conn.Charset = "GBK"
	it := newIface("POST", "/api/users", "json",
		domain.Param{Name: "q", In: domain.InQuery, Type: "string"},
		domain.Param{Name: "name", In: domain.InBody, Type: "string"},
		domain.Param{Name: "note", In: domain.InBody, Type: "string"},
	)
	e := newEngine(t, Options{})
	res := run(t, e, &Call{Interface: it, Target: Target{Connection: conn},
		Inputs: map[string]any{"q": "中文 名", "name": "张三", "note": `it's a \ "test"` + "\n第二行"}})
	require.Equal(t, VerdictOK, res.Verdict, res.Cause)
	return srv, res
}

// The copied bash command, run by a real bash and curl, sends the bytes the
// call sent: the body in GBK (not UTF-8 labelled GBK), the query
// percent-encoded from GBK.
func TestCurlBashSendsTheCharsetBytes(t *testing.T) {
	bash, err := exec.LookPath("bash")
	require.NoError(t, err, "bash is needed to run the copied command")
	_, err = exec.LookPath("curl")
	require.NoError(t, err, "curl is needed to run the copied command")
	srv, res := gbkCall(t)
	sent := srv.Last()

	cmd, err := Curl(res.Request, "GBK", ShellBash)
	require.NoError(t, err)
	assert.Contains(t, cmd, "--data-binary $'")
	assert.Contains(t, cmd, `\xD5\xC5\xC8\xFD`, "张三 in GBK")
	assert.NotContains(t, cmd, "张三", "no UTF-8 text in the command")

	out, err := exec.Command(bash, "-c", cmd+" --silent --show-error --fail").CombinedOutput()
	require.NoError(t, err, "%s\n%s", cmd, out)
	assert.Equal(t, `{"code":0}`, string(invoketest.Decode("GBK", out)))
	got := srv.Last()
	assert.Equal(t, sent.Body, got.Body, "the same body bytes")
	assert.Equal(t, invoketest.Encode("GBK", `{"name":"张三","note":"it's a \\ \"test\"\n第二行"}`), got.Body)
	assert.Equal(t, "q="+invoketest.FormEncode("GBK", "中文 名"), got.RawQuery)
	assert.Equal(t, sent.RawQuery, got.RawQuery)
	assert.Equal(t, "application/json; charset=GBK", got.Header.Get("Content-Type"))
	assert.Equal(t, "POST", got.Method)
}

// PowerShell gets the body as a byte array written to a file that curl.exe
// sends; the bytes in it are the call's.
func TestCurlPowerShell(t *testing.T) {
	srv, res := gbkCall(t)
	cmd, err := Curl(res.Request, "GBK", ShellPowerShell)
	require.NoError(t, err)
	m := regexp.MustCompile(`\$body = \[byte\[\]\]@\(([^)]*)\)`).FindStringSubmatch(cmd)
	require.NotNil(t, m, cmd)
	var body []byte
	for _, x := range strings.Split(m[1], ",") {
		n, err := strconv.ParseUint(strings.TrimPrefix(x, "0x"), 16, 8)
		require.NoError(t, err)
		body = append(body, byte(n))
	}
	assert.True(t, bytes.Equal(srv.Last().Body, body), "the byte array is the body as sent")
	assert.Contains(t, cmd, "curl.exe -X 'POST' '"+res.Request.URL+"'")
	assert.Contains(t, cmd, `--data-binary "@$($file.FullName)"`)
	assert.Contains(t, cmd, " `\n  -H 'Content-Type: application/json; charset=GBK'")
	assert.True(t, strings.HasSuffix(cmd, "\nRemove-Item $file"))
}

func TestCurlQuoting(t *testing.T) {
	cmd, err := Curl(RequestRecord{Method: "GET", URL: "http://127.0.0.1:8080/a?x=1&y=2",
		Headers: map[string]string{"X-B": "it's", "Accept": "*/*", "Host": "127.0.0.1:8080", "Content-Length": "0"}}, "UTF-8", ShellBash)
	require.NoError(t, err)
	assert.Equal(t, "curl 'http://127.0.0.1:8080/a?x=1&y=2' \\\n  -H 'Accept: */*' \\\n  -H 'X-B: it'\\''s'", cmd)

	// UTF-8 text stays readable; a redacted secret stays redacted.
	cmd, err = Curl(RequestRecord{Method: "post", URL: "https://h/p", Headers: map[string]string{"Authorization": "[redacted]"}, Body: `{"n":"张三"}`}, "UTF-8", ShellBash)
	require.NoError(t, err)
	assert.Equal(t, "curl -X POST 'https://h/p' \\\n  -H 'Authorization: [redacted]' \\\n  --data-raw '{\"n\":\"张三\"}'", cmd)

	// A GBK body starting with @ is never read as a file name.
	cmd, err = Curl(RequestRecord{Method: "POST", URL: "http://h/", Body: "@张"}, "GBK", ShellBash)
	require.NoError(t, err)
	assert.Contains(t, cmd, `--data-raw $'@\xD5\xC5'`)

	head, err := Curl(RequestRecord{Method: "HEAD", URL: "http://h/"}, "", ShellBash)
	require.NoError(t, err)
	assert.Equal(t, "curl --head 'http://h/'", head)

	_, err = Curl(RequestRecord{Method: "GET", URL: "http://h/"}, "UTF-8", "fish")
	assert.Error(t, err)
	_, err = Curl(RequestRecord{Method: "POST", URL: "http://h/", Body: "😀"}, "GBK", ShellBash)
	assert.Error(t, err, "a character GBK cannot write is named")
}
