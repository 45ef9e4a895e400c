package exchange

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"time"

	"github.com/gowebpki/jcs"

	"junction/backend/domain"
)

// Export writes a format-v1 package: UTF-8 JSON, two-space indent, keys in
// the fixed order of PACKAGE.md, every field written (defaults included) and
// a trailing newline. "flows" is [] and "secrets" and "signature" are null:
// this version exports neither flows nor passphrase-encrypted secrets.
// "checksum" is "sha256:<hex>" over the RFC 8785 (JCS) form of the package
// without checksum, secrets, signature, exportedAt and exportedBy.
//
// Connectors, connections, interfaces, accounts and tags keep the order
// given (the service sorts them by key); map keys are sorted and account
// secret field names too, so two exports of the same bundles differ only in
// exportedAt and exportedBy. Export writes what it is given: the bundles come
// from the store, already normalised and validated.
func Export(meta Meta, bundles []ConnectorBundle) ([]byte, error) {
	pkg := packageDTO{
		Format:     Format,
		Version:    Version,
		ExportedAt: meta.ExportedAt.UTC().Format(time.RFC3339),
		ExportedBy: meta.ExportedBy,
		Connectors: make([]connectorDTO, 0, len(bundles)),
		Flows:      []json.RawMessage{},
	}
	for _, b := range bundles {
		pkg.Connectors = append(pkg.Connectors, connectorToDTO(b))
	}

	// The checksum is taken from the package as a reader will parse it, by
	// the same function Import uses, so the two sides cannot drift apart.
	content, err := marshal(pkg)
	if err != nil {
		return nil, exportError(pkg.Connectors, err)
	}
	var doc map[string]any
	if err := json.Unmarshal(content, &doc); err != nil {
		return nil, fmt.Errorf("export: re-reading the package: %w", err)
	}
	if pkg.Checksum, err = checksumOf(doc); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}

	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(pkg); err != nil { // Encode ends with the trailing newline
		return nil, exportError(pkg.Connectors, err)
	}
	return buf.Bytes(), nil
}

// exportError names the connector whose data cannot be written (a NaN in a
// condition, a broken param default): encoding/json does not say where.
func exportError(connectors []connectorDTO, err error) error {
	for _, c := range connectors {
		if _, cerr := marshal(c); cerr != nil {
			return domain.Errorf(domain.EInternal, "export: connector %s cannot be written as JSON: %v", c.Key, cerr)
		}
	}
	return domain.Errorf(domain.EInternal, "export: %v", err)
}

// checksumKeys are left out of the checksum: it names the content, so it
// cannot cover itself, the secrets (re-encrypting with another passphrase
// does not change the content), the signature (which signs the checksum) or
// who exported it when.
var checksumKeys = []string{"checksum", "secrets", "signature", "exportedAt", "exportedBy"}

// checksumOf returns "sha256:<hex>" of the JCS form of the top-level package
// object without checksumKeys. JCS reads numbers as IEEE doubles, so decoding
// them to float64 first loses nothing the checksum would have kept.
func checksumOf(doc map[string]any) (string, error) {
	content := maps.Clone(doc)
	for _, k := range checksumKeys {
		delete(content, k)
	}
	raw, err := json.Marshal(content)
	if err != nil {
		return "", fmt.Errorf("checksum: %w", err)
	}
	canonical, err := jcs.Transform(raw)
	if err != nil {
		return "", fmt.Errorf("checksum: canonical form: %w", err)
	}
	return checksumOfCanonical(canonical), nil
}

// checksumOfCanonical is the checksum of content in canonical form.
func checksumOfCanonical(canonical []byte) string {
	sum := sha256.Sum256(canonical)
	return "sha256:" + hex.EncodeToString(sum[:])
}
