package exchange

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"time"

	"junction/backend/domain"
)

// Export writes a format-v1 package: UTF-8 JSON, two-space indent, keys in
// the fixed order of PACKAGE.md, every field written (defaults included) and
// a trailing newline. "secrets" and "signature" are null: this version does
// not export passphrase-encrypted secrets. "checksum" is "sha256:<hex>" over
// the RFC 8785 (JCS) form of the package without checksum, secrets,
// signature, exportedAt and exportedBy: connectors and flows are covered.
//
// Connectors, connections, interfaces, accounts, tags and flows keep the
// order given (the service sorts them by key); map keys are sorted and
// account secret field names too, so two exports of the same bundles differ
// only in exportedAt and exportedBy. Export writes what it is given: the
// bundles come from the store, already normalised and validated.
func Export(meta Meta, bundles []ConnectorBundle, flows []domain.Flow) ([]byte, error) {
	var buf bytes.Buffer
	err := ExportTo(&buf, meta, FromSlice(bundles), FromSlice(flows))
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// FromSlice gives the items of s one by one, then nil: ExportTo's next and
// nextFlow over items at hand.
func FromSlice[T any](s []T) func() (*T, error) {
	i := 0
	return func() (*T, error) {
		if i == len(s) {
			return nil, nil
		}
		i++
		return &s[i-1], nil
	}
}

// ExportTo is Export writing to w connector by connector, then flow by
// flow, as next and nextFlow give them (nil when there are no more): the
// memory it takes is that of one connector, and the checksum is computed
// while writing. The bytes are those json.Encoder with a two-space indent
// writes for the whole package.
func ExportTo(w io.Writer, meta Meta, next func() (*ConnectorBundle, error), nextFlow func() (*domain.Flow, error)) error {
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
	// The checksum is taken from each item as a reader will parse it, in the
	// canonical form Import hashes, so the two sides cannot drift apart.
	// "connectors" and "flows" sort before "format" and "version".
	sum := sha256.New()
	sum.Write([]byte(`{"connectors":[`))
	ew := &elementWriter{bw: bw, sum: sum}
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
		if err := ew.write(raw, "connector "+dto.Key); err != nil {
			return err
		}
	}
	ew.close()
	bw.WriteString(",\n  \"flows\": [")
	sum.Write([]byte(`,"flows":[`))
	for {
		f, err := nextFlow()
		if err != nil {
			return err
		}
		if f == nil {
			break
		}
		raw, err := marshal(flowToDTO(f))
		if err != nil {
			return domain.Errorf(domain.EInternal, "export: flow %s cannot be written as JSON: %v", f.Key, err)
		}
		if err := ew.write(raw, "flow "+f.Key); err != nil {
			return err
		}
	}
	ew.close()
	fmt.Fprintf(bw, ",\n  \"secrets\": null,\n")
	fmt.Fprintf(sum, `,"format":%q,"version":%d}`, Format, Version)
	fmt.Fprintf(bw, "  \"checksum\": \"sha256:%s\",\n  \"signature\": null\n}\n", hex.EncodeToString(sum.Sum(nil)))
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// elementWriter writes the elements of one top-level array of a package,
// indented, and feeds their canonical form to the checksum.
type elementWriter struct {
	bw        *bufio.Writer
	sum       hash.Hash
	indented  bytes.Buffer
	canonical []byte
	n         int
}

// write adds one element, raw as marshal wrote it; what names it in errors.
func (ew *elementWriter) write(raw []byte, what string) error {
	var doc any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return fmt.Errorf("export: re-reading %s: %w", what, err)
	}
	var err error
	if ew.canonical, err = appendCanonical(ew.canonical[:0], doc); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	ew.indented.Reset()
	if err := json.Indent(&ew.indented, raw, "    ", "  "); err != nil {
		return fmt.Errorf("export: %s: %w", what, err)
	}
	if ew.n > 0 {
		ew.bw.WriteByte(',')
		ew.sum.Write([]byte{','})
	}
	ew.bw.WriteString("\n    ")
	ew.bw.Write(ew.indented.Bytes())
	ew.sum.Write(ew.canonical)
	ew.n++
	return nil
}

// close ends the array and readies the writer for the next one.
func (ew *elementWriter) close() {
	if ew.n > 0 {
		ew.bw.WriteString("\n  ")
	}
	ew.bw.WriteByte(']')
	ew.sum.Write([]byte{']'})
	ew.n = 0
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
