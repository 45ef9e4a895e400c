package store

import (
	"fmt"
	"time"

	"gorm.io/gorm/clause"
)

// keyFingerprint is the one row of key_fingerprint: which key file the
// store's secrets and audit MACs belong to.
type keyFingerprint struct {
	ID          int `gorm:"primaryKey"`
	Fingerprint string
	CreatedAt   time.Time
}

func (keyFingerprint) TableName() string { return "key_fingerprint" }

// KeyFingerprint is the recorded fingerprint of the store's key file, ""
// when none is recorded (a new store, or one from before fingerprints).
func (t *Tx) KeyFingerprint() (string, error) {
	var fp []keyFingerprint
	if err := t.db.Limit(1).Find(&fp).Error; err != nil {
		return "", fmt.Errorf("read the key fingerprint: %w", err)
	}
	if len(fp) == 0 {
		return "", nil
	}
	return fp[0].Fingerprint, nil
}

// AddKeyFingerprint records fp unless a fingerprint is recorded already
// (another process may record its own at the same moment), and returns the
// one recorded.
func (t *Tx) AddKeyFingerprint(fp string) (string, error) {
	row := keyFingerprint{ID: 1, Fingerprint: fp, CreatedAt: t.now}
	if err := t.db.Clauses(clause.OnConflict{DoNothing: true}).Create(&row).Error; err != nil {
		return "", fmt.Errorf("record the key fingerprint: %w", err)
	}
	return t.KeyFingerprint()
}

// ReplaceKeyFingerprint records fp in place of any earlier fingerprint.
func (t *Tx) ReplaceKeyFingerprint(fp string) error {
	row := keyFingerprint{ID: 1, Fingerprint: fp, CreatedAt: t.now}
	if err := t.db.Clauses(clause.OnConflict{UpdateAll: true}).Create(&row).Error; err != nil {
		return fmt.Errorf("record the key fingerprint: %w", err)
	}
	return nil
}

// StoredSecrets counts the secrets the store holds (secret fields of auth
// accounts and client certificate passwords) and returns one ciphertext
// ("" when none), by which a key file can be tried.
func (t *Tx) StoredSecrets() (int64, string, error) {
	var samples []string
	if err := t.db.Raw(storedSecretsSQL).Scan(&samples).Error; err != nil {
		return 0, "", fmt.Errorf("count the stored secrets: %w", err)
	}
	if len(samples) == 0 {
		return 0, "", nil
	}
	return int64(len(samples)), samples[0], nil
}

// SecretRef names one stored secret: Target is connector/connection/account
// (the account "" for a connection's certificate password), Field the
// secret's field.
type SecretRef struct {
	Target string
	Field  string
}

// ListSecrets lists every stored secret, by target and field.
func (t *Tx) ListSecrets() ([]SecretRef, error) {
	out := []SecretRef{}
	if err := t.db.Raw(listSecretsSQL).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("list the stored secrets: %w", err)
	}
	return out, nil
}

// ClearSecrets empties every stored secret value. The names stay, with
// empty values: an account still shows which secrets its scheme needs, as
// not set.
func (t *Tx) ClearSecrets() error {
	if err := t.db.Exec(clearAccountSecretsSQL).Error; err != nil {
		return fmt.Errorf("clear account secrets: %w", err)
	}
	if err := t.db.Exec(`UPDATE connections SET client_cert_password = '' WHERE client_cert_password != ''`).Error; err != nil {
		return fmt.Errorf("clear certificate passwords: %w", err)
	}
	return nil
}

// The secrets of an account are a JSON object of field -> ciphertext in
// auth_accounts.secrets; SQLite's json_each reads it. A second dialect
// writes its own form of these three.
const (
	storedSecretsSQL = `SELECT j.value FROM auth_accounts a, json_each(a.secrets) j WHERE j.value != ''
UNION ALL SELECT client_cert_password FROM connections WHERE client_cert_password != ''`

	listSecretsSQL = `SELECT c.key || '/' || n.key || '/' || a.name AS target, j.key AS field
FROM auth_accounts a JOIN connections n ON n.id = a.connection_id JOIN connectors c ON c.id = n.connector_id, json_each(a.secrets) j
WHERE j.value != ''
UNION ALL SELECT c.key || '/' || n.key || '/', 'tls.clientCertPassword'
FROM connections n JOIN connectors c ON c.id = n.connector_id WHERE n.client_cert_password != ''
ORDER BY target, field`

	clearAccountSecretsSQL = `UPDATE auth_accounts SET secrets = (SELECT json_group_object(j.key, '') FROM json_each(auth_accounts.secrets) j)
WHERE EXISTS (SELECT 1 FROM json_each(auth_accounts.secrets) j WHERE j.value != '')`
)
