package store

import (
	"fmt"
	"strings"

	"gorm.io/gorm"

	"junction/backend/access"
	"junction/backend/domain"
)

// ConnectorQuery selects a page of the connector list. Search matches the
// name, the key or one tag containing it (ASCII case folded, as LIKE);
// Status and Tag match exactly when set.
type ConnectorQuery struct {
	Search, Status, Tag string
	Offset, Limit       int
}

// ConnectorList is one page of connectors, tags loaded, ordered by name
// (case folded) then key; Total counts every match, Tags every tag in use
// on a visible connector, filters aside.
type ConnectorList struct {
	Rows  []domain.Connector
	Total int64
	Tags  []string
}

// Children counts what a connector holds.
type Children struct {
	Connections, Interfaces int
}

// ListConnectors reads one page of the connectors scope sees, its total and
// the tag facet.
func (t *Tx) ListConnectors(scope access.Scope, q ConnectorQuery) (*ConnectorList, error) {
	cond, args := connectorFilter(scope, "connectors")
	filtered := t.db.Model(&domain.Connector{}).Where(cond, args...)
	if q.Search != "" {
		p := likePattern(q.Search)
		// Over every connector, the tag rows are matched once (IN): about half
		// the cost of a lookup per row. A narrower scope reads only the tags
		// of the rows it sees (EXISTS): a profile with 250 visible connectors
		// would otherwise match all 35,000 tag rows of a 10,000-connector
		// store (docs/benchmarks.md).
		tagMatch := `connectors.id IN (SELECT connector_id FROM connector_tags WHERE tag LIKE ? ESCAPE '\')`
		if !scope.All {
			tagMatch = `EXISTS (SELECT 1 FROM connector_tags WHERE connector_tags.connector_id = connectors.id AND tag LIKE ? ESCAPE '\')`
		}
		filtered = filtered.Where(`(connectors.name LIKE ? ESCAPE '\' OR connectors.key LIKE ? ESCAPE '\' OR `+tagMatch+`)`, p, p, p)
	}
	if q.Status != "" {
		filtered = filtered.Where("connectors.status = ?", q.Status)
	}
	if q.Tag != "" {
		filtered = filtered.Where("connectors.id IN (SELECT connector_id FROM connector_tags WHERE tag = ?)", q.Tag)
	}
	out := &ConnectorList{Rows: []domain.Connector{}}
	narrowed := !scope.All || q.Search != "" || q.Status != "" || q.Tag != ""
	if err := t.connectorPage(filtered, narrowed, q, out); err != nil {
		return nil, err
	}
	page := make([]*domain.Connector, len(out.Rows))
	for i := range out.Rows {
		page[i] = &out.Rows[i]
	}
	if err := t.loadTags(page...); err != nil {
		return nil, err
	}
	var err error
	if out.Tags, err = t.tagsInScope(scope); err != nil {
		return nil, err
	}
	return out, nil
}

// counted is a connector row with the number of rows its query matched.
type counted struct {
	domain.Connector `gorm:"embedded"`
	Total            int64
}

// connectorPage reads the page of filtered and its total. When the scope
// or a filter narrows the list, one query does both (COUNT(*) OVER ()), so
// the filter runs once, not twice; a page past the end has no row to carry
// the total, and counts on its own. Every connector, unfiltered, reads the
// first rows of the order's index and counts the table instead: a window
// over the whole table would sort all of it.
func (t *Tx) connectorPage(filtered *gorm.DB, narrowed bool, q ConnectorQuery, out *ConnectorList) error {
	page := filtered.Session(&gorm.Session{}).Order(connectorOrder).Offset(q.Offset).Limit(q.Limit)
	count := func() error {
		if err := filtered.Session(&gorm.Session{}).Count(&out.Total).Error; err != nil {
			return fmt.Errorf("count connectors: %w", err)
		}
		return nil
	}
	if !narrowed {
		if err := page.Find(&out.Rows).Error; err != nil {
			return fmt.Errorf("list connectors: %w", err)
		}
		return count()
	}
	var rows []counted
	if err := page.Select("connectors.*, COUNT(*) OVER () AS total").Find(&rows).Error; err != nil {
		return fmt.Errorf("list connectors: %w", err)
	}
	for _, r := range rows {
		out.Rows = append(out.Rows, r.Connector)
		out.Total = r.Total
	}
	if len(rows) == 0 && q.Offset > 0 {
		return count()
	}
	return nil
}

// likePattern escapes % and _ for a LIKE ... ESCAPE '\' search.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// ConnectorByKey loads a connector with its tags; a missing one is a
// not_found error.
func (t *Tx) ConnectorByKey(key string) (*domain.Connector, error) {
	var c domain.Connector
	if err := t.db.Where("key = ?", key).Take(&c).Error; err != nil {
		return nil, Translate(err, fmt.Sprintf("connector %q", key))
	}
	if err := t.loadTags(&c); err != nil {
		return nil, err
	}
	return &c, nil
}

// ConnectorKeyTaken tells whether a connector has the key.
func (t *Tx) ConnectorKeyTaken(key string) (bool, error) {
	var n int64
	if err := t.db.Model(&domain.Connector{}).Where("key = ?", key).Count(&n).Error; err != nil {
		return false, fmt.Errorf("look up connector key %s: %w", key, err)
	}
	return n > 0, nil
}

// CreateConnector inserts c with its tags; a taken key is a conflict on the
// field key.
func (t *Tx) CreateConnector(c *domain.Connector) error {
	taken, err := t.ConnectorKeyTaken(c.Key)
	if err != nil {
		return err
	}
	if taken {
		return &domain.Error{Code: domain.EConflict, Field: "key", Message: fmt.Sprintf("a connector with key %q already exists", c.Key)}
	}
	if err := t.db.Create(c).Error; err != nil {
		return Translate(err, "connector "+c.Key)
	}
	return t.writeTags(c)
}

// SaveConnector writes every field of c and its tags.
func (t *Tx) SaveConnector(c *domain.Connector) error {
	if err := t.db.Save(c).Error; err != nil {
		return Translate(err, "connector "+c.Key)
	}
	return t.writeTags(c)
}

// DeleteConnector deletes c; its tags and grants go with it.
func (t *Tx) DeleteConnector(c *domain.Connector) error {
	if err := t.db.Delete(c).Error; err != nil {
		return Translate(err, "connector "+c.Key)
	}
	return nil
}

// ConnectorChildren counts the connections and interfaces of each
// connector, one query per kind; a connector with none is missing from
// the map.
func (t *Tx) ConnectorChildren(ids ...string) (map[string]Children, error) {
	out := map[string]Children{}
	if len(ids) == 0 {
		return out, nil
	}
	type count struct {
		ConnectorID string
		N           int
	}
	for _, kind := range []struct {
		table string
		set   func(*Children, int)
	}{
		{"connections", func(c *Children, n int) { c.Connections = n }},
		{"interfaces", func(c *Children, n int) { c.Interfaces = n }},
	} {
		var cs []count
		if err := t.db.Table(kind.table).Select("connector_id, COUNT(*) AS n").Where("connector_id IN ?", ids).
			Group("connector_id").Scan(&cs).Error; err != nil {
			return nil, fmt.Errorf("count %s: %w", kind.table, err)
		}
		for _, c := range cs {
			ch := out[c.ConnectorID]
			kind.set(&ch, c.N)
			out[c.ConnectorID] = ch
		}
	}
	return out, nil
}

// UserNames maps profile ids to names (the owners a list shows); an id of
// no profile is missing from the map.
func (t *Tx) UserNames(ids ...string) (map[string]string, error) {
	var users []domain.User
	if err := t.db.Select("id, name").Where("id IN ?", ids).Find(&users).Error; err != nil {
		return nil, fmt.Errorf("load profile names: %w", err)
	}
	out := make(map[string]string, len(users))
	for _, u := range users {
		out[u.ID] = u.Name
	}
	return out, nil
}
