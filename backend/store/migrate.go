package store

import (
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

// A migration moves the schema one version forward. Migrations are the
// files migrations/NNNN_name.sql, applied in order of their number, each in
// its own transaction with its version row, and never edited once
// released: a change to the schema is a new file.
type migration struct {
	version int
	name    string
	sql     string
}

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrations is every migration, in order; loadMigrations checks their
// numbering, so a gap or a repeated number fails every Open (and the tests).
var migrations = mustLoadMigrations()

func mustLoadMigrations() []migration {
	ms, err := loadMigrations(migrationFiles)
	if err != nil {
		panic(err)
	}
	return ms
}

// loadMigrations reads the files of fsys's migrations folder: the number
// before the first underscore is the version, the rest of the name (with
// spaces for underscores) the name recorded in schema_migrations.
func loadMigrations(fsys fs.FS) ([]migration, error) {
	names, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return nil, fmt.Errorf("list migrations: %w", err)
	}
	sort.Strings(names)
	out := make([]migration, 0, len(names))
	for i, file := range names {
		base := strings.TrimSuffix(path.Base(file), ".sql")
		num, name, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v != i+1 {
			return nil, fmt.Errorf("migration file %s: want the number %04d followed by _name", file, i+1)
		}
		body, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", file, err)
		}
		out = append(out, migration{version: v, name: strings.ReplaceAll(name, "_", " "), sql: string(body)})
	}
	if len(out) == 0 {
		return nil, errors.New("no migrations embedded")
	}
	return out, nil
}

// migrate applies every migration newer than the database's version. It uses
// database/sql directly: a migration holds several statements. Finding that
// none is due only reads, so opening an up-to-date database takes no write
// lock and works while another process is writing.
func migrate(db *gorm.DB) error {
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	current, err := appliedVersion(sqlDB)
	if err != nil {
		return err
	}
	if latest := migrations[len(migrations)-1].version; current > latest {
		return fmt.Errorf("the database is at schema version %d, newer than this Junction (%d): use a newer Junction", current, latest)
	}
	for _, m := range migrations {
		if m.version <= current {
			continue
		}
		if err := apply(sqlDB, m); err != nil {
			return fmt.Errorf("migration %d (%s): %w", m.version, m.name, err)
		}
	}
	return nil
}

// appliedVersion is the newest applied migration, 0 for a new database.
func appliedVersion(sqlDB *sql.DB) (int, error) {
	var tables int
	if err := sqlDB.QueryRow(migrationsTableSQL).Scan(&tables); err != nil {
		return 0, err
	}
	if tables == 0 {
		return 0, nil
	}
	var v int
	err := sqlDB.QueryRow(`SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}

// apply runs one migration in a write transaction (BEGIN IMMEDIATE on the
// writer connection), unless another process applied it meanwhile.
func apply(sqlDB *sql.DB, m migration) error {
	tx, err := sqlDB.Begin()
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	if _, err := tx.Exec(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at DATETIME)`); err != nil {
		return err
	}
	var done int
	if err := tx.QueryRow(`SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, m.version).Scan(&done); err != nil || done > 0 {
		return err
	}
	if _, err := tx.Exec(m.sql); err != nil {
		return err
	}
	if _, err := tx.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`, m.version, m.name, time.Now().UTC()); err != nil {
		return err
	}
	return tx.Commit()
}

// SchemaVersion returns the version of the newest applied migration.
func (s *Store) SchemaVersion() (int, error) {
	var v int
	err := s.DB.Raw(`SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v).Error
	return v, err
}
