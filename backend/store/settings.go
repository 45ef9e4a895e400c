package store

import (
	"fmt"
	"time"

	"gorm.io/gorm/clause"
)

// settingRow is one stored setting: its field name and its JSON value.
type settingRow struct {
	Key       string `gorm:"primaryKey"`
	Value     string
	UpdatedAt time.Time
	UpdatedBy string
}

func (settingRow) TableName() string { return "settings" }

// Settings are the stored settings, value by key; what the values mean is
// the service's business.
func (t *Tx) Settings() (map[string]string, error) {
	var rows []settingRow
	if err := t.db.Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	out := make(map[string]string, len(rows))
	for _, r := range rows {
		out[r.Key] = r.Value
	}
	return out, nil
}

// SaveSettings stores each value under its key, replacing what was there,
// stamped with the unit's clock reading and by.
func (t *Tx) SaveSettings(values map[string]string, by string) error {
	for key, value := range values {
		row := settingRow{Key: key, Value: value, UpdatedAt: t.now, UpdatedBy: by}
		if err := t.db.Clauses(clause.OnConflict{UpdateAll: true}).Create(&row).Error; err != nil {
			return fmt.Errorf("save setting %s: %w", key, err)
		}
	}
	return nil
}
