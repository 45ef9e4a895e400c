package service

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"junction/backend/audit"
	"junction/backend/domain"
	"junction/backend/secret"
	"junction/backend/store"
)

// keyFingerprint is the one row of key_fingerprint: which key file the
// store's secrets and audit MACs belong to.
type keyFingerprint struct {
	ID          int `gorm:"primaryKey"`
	Fingerprint string
	CreatedAt   time.Time
}

func (keyFingerprint) TableName() string { return "key_fingerprint" }

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
	db := st.DB
	var fp []keyFingerprint
	if err := db.Limit(1).Find(&fp).Error; err != nil {
		return nil, "", fmt.Errorf("read the key fingerprint: %w", err)
	}
	held, sample, err := storedSecrets(db)
	if err != nil {
		return nil, "", err
	}
	box, warning, err := secret.ReadKeyFile(keyPath)
	switch {
	case errors.Is(err, fs.ErrNotExist) && (len(fp) == 1 || held > 0):
		what := fmt.Sprintf("was used with a key file (fingerprint %.12s…)", fp0(fp))
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
	if len(fp) == 0 && held > 0 {
		// A store from before fingerprints: its secrets tell whether the key fits.
		if _, err := box.Open(sample); err != nil {
			return nil, "", differentKey(st, keyPath, "its secrets cannot be decrypted with it")
		}
	}
	if len(fp) == 0 {
		if err := st.Tx(context.Background(), func(tx *gorm.DB) error {
			// Another process may record its fingerprint at the same moment.
			row := keyFingerprint{ID: 1, Fingerprint: box.Fingerprint(), CreatedAt: time.Now().UTC()}
			if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&row).Error; err != nil {
				return err
			}
			return tx.Limit(1).Find(&fp).Error
		}); err != nil {
			return nil, "", fmt.Errorf("record the key fingerprint: %w", err)
		}
	}
	if fp0(fp) != box.Fingerprint() {
		return nil, "", differentKey(st, keyPath, fmt.Sprintf("the store expects key fingerprint %.12s…, the file's is %.12s…", fp0(fp), box.Fingerprint()))
	}
	return box, warning, nil
}

func fp0(fp []keyFingerprint) string {
	if len(fp) == 0 {
		return ""
	}
	return fp[0].Fingerprint
}

func differentKey(st *store.Store, keyPath, why string) error {
	return domain.Errorf(domain.ERule, "the secret key file %s is not the key of the store %s (%s). %s.", keyPath, st.Path, why, keyFix)
}

// storedSecrets counts the secrets the store holds (secret fields of auth
// accounts and client certificate passwords) and returns one ciphertext.
func storedSecrets(db *gorm.DB) (int64, string, error) {
	var samples []string
	err := db.Raw(`SELECT j.value FROM auth_accounts a, json_each(a.secrets) j WHERE j.value != ''
UNION ALL SELECT client_cert_password FROM connections WHERE client_cert_password != ''`).Scan(&samples).Error
	if err != nil {
		return 0, "", fmt.Errorf("count the stored secrets: %w", err)
	}
	if len(samples) == 0 {
		return 0, "", nil
	}
	return int64(len(samples)), samples[0], nil
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
	u, err := s.actor(s.db.WithContext(ctx), actor)
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
	err = s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Raw(`SELECT c.key || '/' || n.key || '/' || a.name AS target, j.key AS field
FROM auth_accounts a JOIN connections n ON n.id = a.connection_id JOIN connectors c ON c.id = n.connector_id, json_each(a.secrets) j
WHERE j.value != ''
UNION ALL SELECT c.key || '/' || n.key || '/', 'tls.clientCertPassword'
FROM connections n JOIN connectors c ON c.id = n.connector_id WHERE n.client_cert_password != ''
ORDER BY target, field`).Scan(&res.Cleared).Error; err != nil {
			return fmt.Errorf("list the stored secrets: %w", err)
		}
		// The names stay, with empty values: the account still shows which
		// secrets its scheme needs, as not set.
		if err := tx.Exec(`UPDATE auth_accounts SET secrets = (SELECT json_group_object(j.key, '') FROM json_each(auth_accounts.secrets) j)
WHERE EXISTS (SELECT 1 FROM json_each(auth_accounts.secrets) j WHERE j.value != '')`).Error; err != nil {
			return fmt.Errorf("clear account secrets: %w", err)
		}
		if err := tx.Exec(`UPDATE connections SET client_cert_password = '' WHERE client_cert_password != ''`).Error; err != nil {
			return fmt.Errorf("clear certificate passwords: %w", err)
		}
		row := keyFingerprint{ID: 1, Fingerprint: box.Fingerprint(), CreatedAt: s.stamp()}
		if err := tx.Clauses(clause.OnConflict{UpdateAll: true}).Create(&row).Error; err != nil {
			return fmt.Errorf("record the key fingerprint: %w", err)
		}
		return s.record(tx, u, entry{action: audit.ActionRekey, targetType: "key", targetKey: "secret.key",
			summary: fmt.Sprintf("secret key replaced; %d stored secrets cleared", len(res.Cleared)),
			details: audit.Details(nil, map[string]any{"cleared": res.Cleared, "movedTo": res.MovedTo})})
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}
