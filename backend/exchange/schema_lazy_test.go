package exchange_test

import (
	"fmt"
	"os"
	"os/exec"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"junction/backend/exchange"
)

// schemaProbeEnv makes TestSchema_CompiledOnlyWhenImporting, run again in a
// fresh process, do one step and print whether the schema was compiled.
const schemaProbeEnv = "JUNCTION_SCHEMA_PROBE"

// TestSchema_CompiledOnlyWhenImporting runs each step in a process of its
// own (the schema is compiled once per process): exporting and recognising
// a file leave the schema alone, importing compiles it.
func TestSchema_CompiledOnlyWhenImporting(t *testing.T) {
	if step := os.Getenv(schemaProbeEnv); step != "" {
		pkg, err := exchange.Export(fixedMeta, richBundles(), nil)
		require.NoError(t, err)
		exchange.Detect(pkg)
		exchange.IsPackageHead(pkg)
		if step == "import" {
			_, err := exchange.Import(pkg)
			require.NoError(t, err)
		}
		fmt.Printf("compiled=%v\n", exchange.SchemaCompiled())
		return
	}
	for step, want := range map[string]string{"export": "compiled=false", "import": "compiled=true"} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestSchema_CompiledOnlyWhenImporting$", "-test.count=1")
		cmd.Env = append(os.Environ(), schemaProbeEnv+"="+step)
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, string(out))
		assert.Contains(t, string(out), want, step)
	}
}
