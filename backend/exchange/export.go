package exchange

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"time"

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
	var buf bytes.Buffer
	i := 0
	err := ExportTo(&buf, meta, func() (*ConnectorBundle, error) {
		if i == len(bundles) {
			return nil, nil
		}
		i++
		return &bundles[i-1], nil
	})
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ExportTo is Export writing to w connector by connector, as next gives
// them (nil when there are no more): the memory it takes is that of one
// connector, and the checksum is computed while writing. The bytes are
// those json.Encoder with a two-space indent writes for the whole package.
func ExportTo(w io.Writer, meta Meta, next func() (*ConnectorBundle, error)) error {
	exportedAt, err := marshal(meta.ExportedAt.UTC().Format(time.RFC3339))
	if err != nil {
		return exportError(nil, err)
	}
	exportedBy, err := marshal(meta.ExportedBy)
	if err != nil {
		return exportError(nil, err)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	fmt.Fprintf(bw, "{\n  \"format\": %q,\n  \"version\": %d,\n  \"exportedAt\": %s,\n  \"exportedBy\": %s,\n  \"connectors\": [", Format, Version, exportedAt, exportedBy)
	// The checksum is taken from each connector as a reader will parse it,
	// in the canonical form Import hashes, so the two sides cannot drift apart.
	sum := sha256.New()
	sum.Write([]byte(`{"connectors":[`))
	var indented bytes.Buffer
	var canonical []byte
	n := 0
	for {
		b, err := next()
		if err != nil {
			return err
		}
		if b == nil {
			break
		}
		dto := connectorToDTO(*b)
		raw, err := marshal(dto)
		if err != nil {
			return exportError([]connectorDTO{dto}, err)
		}
		var doc any
		if err := json.Unmarshal(raw, &doc); err != nil {
			return fmt.Errorf("export: re-reading connector %s: %w", dto.Key, err)
		}
		if canonical, err = appendCanonical(canonical[:0], doc); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		indented.Reset()
		if err := json.Indent(&indented, raw, "    ", "  "); err != nil {
			return fmt.Errorf("export: connector %s: %w", dto.Key, err)
		}
		if n > 0 {
			bw.WriteByte(',')
			sum.Write([]byte{','})
		}
		bw.WriteString("\n    ")
		bw.Write(indented.Bytes())
		sum.Write(canonical)
		n++
	}
	if n > 0 {
		bw.WriteString("\n  ")
	}
	fmt.Fprintf(bw, "],\n  \"flows\": [],\n  \"secrets\": null,\n")
	fmt.Fprintf(sum, `],"flows":[],"format":%q,"version":%d}`, Format, Version)
	fmt.Fprintf(bw, "  \"checksum\": \"sha256:%s\",\n  \"signature\": null\n}\n", hex.EncodeToString(sum.Sum(nil)))
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
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

// checksumOfCanonical is the checksum of content in canonical form.
func checksumOfCanonical(canonical []byte) string {
	sum := sha256.Sum256(canonical)
	return "sha256:" + hex.EncodeToString(sum[:])
}
