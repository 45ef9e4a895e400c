package store

import (
	"fmt"

	"junction/backend/access"
	"junction/backend/domain"
)

// tagRow is one row of connector_tags: a connector's tag at its place in
// the connector's list.
type tagRow struct {
	ConnectorID string
	Tag         string
	Position    int
	// The connector's name and key, for the tag filter's order (0007).
	ConnectorName, ConnectorKey string
}

func (tagRow) TableName() string { return "connector_tags" }

// loadTags fills the Tags of each connector, in order, with one query that
// reads idx_connector_tags_connector alone; a connector without tags gets
// an empty list.
func (t *Tx) loadTags(cs ...*domain.Connector) error {
	if len(cs) == 0 {
		return nil
	}
	byID := make(map[string]*domain.Connector, len(cs))
	ids := make([]string, len(cs))
	for i, c := range cs {
		c.Tags = []string{}
		byID[c.ID], ids[i] = c, c.ID
	}
	var rows []tagRow
	if err := t.db.Select("connector_id", "tag").Where("connector_id IN ?", ids).Order("connector_id, position").Find(&rows).Error; err != nil {
		return fmt.Errorf("load tags: %w", err)
	}
	for _, r := range rows {
		c := byID[r.ConnectorID]
		c.Tags = append(c.Tags, r.Tag)
	}
	return nil
}

// writeTags makes c's rows in connector_tags c.Tags. A tag repeated in the
// list is kept once, at its first place, and dropped from c.Tags too, so
// that c is what a later load returns.
func (t *Tx) writeTags(c *domain.Connector) error {
	if err := t.db.Where("connector_id = ?", c.ID).Delete(&tagRow{}).Error; err != nil {
		return fmt.Errorf("replace the tags of connector %s: %w", c.Key, err)
	}
	seen := make(map[string]bool, len(c.Tags))
	kept := make([]string, 0, len(c.Tags))
	rows := make([]tagRow, 0, len(c.Tags))
	for _, tag := range c.Tags {
		if seen[tag] {
			continue
		}
		seen[tag] = true
		kept = append(kept, tag)
		rows = append(rows, tagRow{ConnectorID: c.ID, Tag: tag, Position: len(rows), ConnectorName: c.Name, ConnectorKey: c.Key})
	}
	c.Tags = kept
	if len(rows) == 0 {
		return nil
	}
	if err := t.db.Create(&rows).Error; err != nil {
		return fmt.Errorf("write the tags of connector %s: %w", c.Key, err)
	}
	return nil
}

// distinctTagsSQL selects every tag in connector_tags once, in order, with
// one seek of the tag index per tag (a loose index scan) rather than a read
// of every row: 100,000 connectors carry 200,000 tag rows and a few dozen
// tags. A WHERE on the column tag may follow it.
const distinctTagsSQL = `WITH RECURSIVE distinct_tags(tag) AS (
	SELECT MIN(tag) FROM connector_tags
	UNION ALL SELECT (SELECT MIN(tag) FROM connector_tags WHERE tag > distinct_tags.tag) FROM distinct_tags WHERE distinct_tags.tag IS NOT NULL)
SELECT tag FROM distinct_tags`

// tagsInScope lists every tag in use on a connector the scope sees, sorted,
// each once: the connector list's tag filter.
func (t *Tx) tagsInScope(scope access.Scope) ([]string, error) {
	tags := []string{}
	if scope.All {
		if err := t.db.Raw(distinctTagsSQL + " WHERE tag IS NOT NULL").Scan(&tags).Error; err != nil {
			return nil, fmt.Errorf("list tags: %w", err)
		}
		return tags, nil
	}
	cond, args := connectorIDFilter(scope, "connector_tags.connector_id")
	if err := t.db.Model(&tagRow{}).Where(cond, args...).Distinct("tag").Order("tag").Pluck("tag", &tags).Error; err != nil {
		return nil, fmt.Errorf("list tags: %w", err)
	}
	return tags, nil
}
