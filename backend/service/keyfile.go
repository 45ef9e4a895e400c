package service

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"

	"junction/backend/domain"
	"junction/backend/secret"
	"junction/backend/store"
)

// keyFix is what to do about a key file Junction refuses.
const keyFix = "Restore the key file from a backup (or point JUNCTION_KEY_FILE at it), or run " +
	"`junction secret rekey --new` to clear every stored secret, start over with a new key " +
	"and list the accounts that need new values"

// openKey reads the key file of st. It creates one only when the store has
// neither secrets nor a recorded fingerprint (a first run); it refuses a
// missing, unusable or different key otherwise, naming the file and the fix,
// and leaves store and file as they were. The fingerprint is written only
// when absent, so opening an existing store needs no write lock.
func openKey(st *store.Store, keyPath string) (*secret.Box, string, error) {
	ctx := context.Background()
	var fp, sample string
	var held int64
	if err := st.Read(ctx, func(tx *store.Tx) (err error) {
		if fp, err = tx.KeyFingerprint(); err != nil {
			return err
		}
		held, sample, err = tx.StoredSecrets()
		return err
	}); err != nil {
		return nil, "", err
	}
	box, warning, err := secret.ReadKeyFile(keyPath)
	switch {
	case errors.Is(err, fs.ErrNotExist) && (fp != "" || held > 0):
		what := fmt.Sprintf("was used with a key file (fingerprint %.12s…)", fp)
		if held > 0 {
			what = fmt.Sprintf("holds %d secrets that only that key decrypts", held)
			if held == 1 {
				what = "holds a secret that only that key decrypts"
			}
		}
		return nil, "", domain.Errorf(domain.ERule, "the secret key file %s is missing, but the store %s %s; Junction will not create a new key in its place. %s.",
			keyPath, st.Path, what, keyFix)
	case errors.Is(err, fs.ErrNotExist):
		if box, err = secret.CreateKeyFile(keyPath); err != nil {
			return nil, "", err
		}
	case err != nil:
		return nil, "", domain.Errorf(domain.ERule, "the secret key file cannot be used: %v; Junction will not replace it. %s.", err, keyFix)
	}
	if fp == "" && held > 0 {
		// A store from before fingerprints: its secrets tell whether the key fits.
		if _, err := box.Open(sample); err != nil {
			return nil, "", differentKey(st, keyPath, "its secrets cannot be decrypted with it")
		}
	}
	if fp == "" {
		if err := st.Write(ctx, func(tx *store.Tx) (err error) {
			fp, err = tx.AddKeyFingerprint(box.Fingerprint())
			return err
		}); err != nil {
			return nil, "", err
		}
	}
	if fp != box.Fingerprint() {
		return nil, "", differentKey(st, keyPath, fmt.Sprintf("the store expects key fingerprint %.12s…, the file's is %.12s…", fp, box.Fingerprint()))
	}
	return box, warning, nil
}

func differentKey(st *store.Store, keyPath, why string) error {
	return domain.Errorf(domain.ERule, "the secret key file %s is not the key of the store %s (%s). %s.", keyPath, st.Path, why, keyFix)
}

// ClearedSecret is one secret `secret rekey --new` cleared: Target and Field
// are what `secret set` takes to give it a new value.
type ClearedSecret struct {
	Target string `json:"target"`
	Field  string `json:"field"`
}

// RekeyResult is what RekeyNew did.
type RekeyResult struct {
	KeyPath string `json:"keyPath"`
	// MovedTo is where the previous key file went ("" when there was none).
	MovedTo string          `json:"movedTo,omitempty"`
	Cleared []ClearedSecret `json:"cleared"`
}

// RekeyNew starts over with a new key file: it moves the present key file
// (if any) aside, creates a new one, clears every stored secret, records the
// new fingerprint and the audit entry secret.rekey, and returns the secrets
// that need new values. It needs users.admin. Audit entries before the
// rekey entry keep their MACs under the old key and are checked by hash.
func (s *Service) RekeyNew(ctx context.Context, actor string) (*RekeyResult, error) {
	if s.keyPath == "" {
		return nil, errors.New("rekey: this service was opened without a key file path (open it with Config.WithoutKey)")
	}
	// Refused before the key file moves; the change below checks again.
	u, err := s.me(ctx, actor)
	if err != nil {
		return nil, err
	}
	if !u.HasPerm(domain.PermUsersAdmin) {
		return nil, domain.Errorf(domain.EPermission, "profile %s may not replace the secret key: that needs %s", u.Name, domain.PermUsersAdmin)
	}
	res := &RekeyResult{KeyPath: s.keyPath, Cleared: []ClearedSecret{}}
	if _, err := os.Lstat(s.keyPath); err == nil {
		// Kept, not deleted: it may yet turn out to be the right key.
		res.MovedTo = s.keyPath + ".replaced-" + s.now().UTC().Format("20060102T150405Z")
		if err := os.Rename(s.keyPath, res.MovedTo); err != nil {
			return nil, fmt.Errorf("move the old key file aside: %w", err)
		}
	}
	box, err := secret.CreateKeyFile(s.keyPath)
	if err != nil {
		return nil, err
	}
	s.box, s.auditKey = box, box.AuditKey()
	err = s.change(ctx, actor, withPerm(domain.PermUsersAdmin), func(r *run) error {
		refs, err := r.tx.ListSecrets()
		if err != nil {
			return err
		}
		for _, ref := range refs {
			res.Cleared = append(res.Cleared, ClearedSecret{Target: ref.Target, Field: ref.Field})
		}
		if err := r.tx.ClearSecrets(); err != nil {
			return err
		}
		if err := r.tx.ReplaceKeyFingerprint(box.Fingerprint()); err != nil {
			return err
		}
		return r.log(logged{action: domain.ActionSecretRekey, targetType: "key", targetKey: "secret.key",
			summary: fmt.Sprintf("secret key replaced; %d stored secrets cleared", len(res.Cleared)),
			params:  map[string]string{"cleared": strconv.Itoa(len(res.Cleared))},
			extra:   map[string]any{"cleared": res.Cleared, "movedTo": res.MovedTo}})
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}
