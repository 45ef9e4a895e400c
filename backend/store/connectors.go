package store

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"

	"junction/backend/access"
	"junction/backend/domain"
)

// ConnectorQuery selects a page of the connector list. Search matches the
// name, the key or one tag containing it (ASCII case folded, as LIKE);
// Status and Tag match exactly when set. After, when set, starts the page
// after that row (keyset paging: a walk through the list reads each row
// once) and Offset is ignored; a page after another also skips the total
// and the tag facet, which the walk's first page has.
type ConnectorQuery struct {
	Search, Status, Tag string
	After               *ConnectorCursor
	Offset, Limit       int
}

// ConnectorCursor is a place in the list's order: the name and key of the
// last row of a page.
type ConnectorCursor struct {
	Name, Key string
}

// ConnectorList is one page of connectors, tags loaded, ordered by name
// (case folded) then key; Total counts every match, Tags every tag in use
// on a visible connector, filters aside (both left empty on a page After
// another).
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
// the tag facet. Every filter reads an index already in the list's order
// (migration 0007), so a page costs its rows, not the matches: the tag
// filter walks the tag's rows of connector_tags, which carry the name and
// key; the status filter idx_connectors_status_order; the rest the name
// index. Only a search, which no index serves, and a narrow scope, whose
// rows are few, test rows one by one: a search over idx_connectors_search,
// which holds the folded text it matches (0008).
func (t *Tx) ListConnectors(scope access.Scope, q ConnectorQuery) (*ConnectorList, error) {
	from, name, key := t.db.Model(&domain.Connector{}), "connectors.name", "connectors.key"
	if q.Tag != "" {
		from = t.db.Table("connector_tags").Joins("JOIN connectors ON connectors.id = connector_tags.connector_id").
			Where("connector_tags.tag = ?", q.Tag)
		name, key = "connector_tags.connector_name", "connector_tags.connector_key"
	}
	filtered := from
	if !scope.All {
		cond, args := connectorFilter(scope, "connectors")
		filtered = filtered.Where(cond, args...)
	}
	found := search{total: -1}
	if q.Search != "" {
		var err error
		if found, err = t.planSearch(q.Search, max(q.Limit, 1)+q.Offset); err != nil {
			return nil, err
		}
		filtered = filtered.Where(found.cond, found.args...)
	}
	if q.Status != "" {
		filtered = filtered.Where("connectors.status = ?", q.Status)
	}
	page := filtered.Session(&gorm.Session{}).Select("connectors.*").
		Order(connectorOrder(name, key)).Limit(q.Limit)
	if q.After != nil {
		page = page.Where(connectorAfter(name, key), q.After.Name, q.After.Name, q.After.Key)
	} else {
		page = page.Offset(q.Offset)
	}
	out := &ConnectorList{Rows: []domain.Connector{}}
	if err := page.Find(&out.Rows).Error; err != nil {
		return nil, fmt.Errorf("list connectors: %w", err)
	}
	rows := make([]*domain.Connector, len(out.Rows))
	for i := range out.Rows {
		rows[i] = &out.Rows[i]
	}
	if err := t.loadTags(rows...); err != nil {
		return nil, err
	}
	if q.After != nil {
		return out, nil
	}
	switch {
	case q.Limit > 0 && len(out.Rows) < q.Limit && (len(out.Rows) > 0 || q.Offset == 0):
		// A page that is not full ends the list (the same snapshot): no
		// count, which would walk every row a search tests a second time.
		out.Total = int64(q.Offset + len(out.Rows))
	case found.total >= 0 && scope.All && q.Tag == "" && q.Status == "":
		// The index counted the search's matches.
		out.Total = found.total
	case q.Tag != "" && scope.All && q.Search == "" && q.Status == "":
		// A tag alone counts its rows in the tag index, without the join.
		if err := t.db.Table("connector_tags").Where("tag = ?", q.Tag).Count(&out.Total).Error; err != nil {
			return nil, fmt.Errorf("count connectors: %w", err)
		}
	case q.Search != "" && scope.All && len(out.Rows) > 0:
		// A search tests every row: the rows up to the page's end were
		// walked for the page, so the count walks only those after it.
		last := out.Rows[len(out.Rows)-1]
		var after int64
		if err := filtered.Session(&gorm.Session{}).Where(connectorAfter(name, key), last.Name, last.Name, last.Key).
			Count(&after).Error; err != nil {
			return nil, fmt.Errorf("count connectors: %w", err)
		}
		out.Total = int64(q.Offset+len(out.Rows)) + after
	default:
		if err := filtered.Session(&gorm.Session{}).Count(&out.Total).Error; err != nil {
			return nil, fmt.Errorf("count connectors: %w", err)
		}
	}
	var err error
	if out.Tags, err = t.tagsInScope(scope); err != nil {
		return nil, err
	}
	return out, nil
}

// search is how a list finds the matches of its search term: the condition
// and its arguments, and how many connectors match when the index counted
// them (-1 when not).
type search struct {
	cond  string
	args  []any
	total int64
}

// searchReadMost is the most matches of a search always read through the
// trigram index and sorted (planSearch).
const searchReadMost = 2000

// planSearch finds the connectors whose name, key or tag contains term,
// ASCII case folded as LIKE folds, for a page ending at the reach'th match.
// Every plan tests connectors.search_text with LIKE (migration 0008: the folded
// fields joined by newlines, kept by triggers); a term with a newline spans
// fields, which hold none, so it matches nothing.
//
// A term of three or more characters is first counted in the trigram index
// (0009). Up to searchReadMost matches are read through the index and
// sorted (1-2 ms); more are read through the index too while that costs
// less than walking the list's order and testing rows until the page's end,
// which takes store/n steps a match if the matches are spread evenly (a
// match read from the index costs about 10 steps of the walk). Matches on
// names cluster in the order, so the walk can take longer: the bound keeps
// the reading side for every term of few matches.
func (t *Tx) planSearch(term string, reach int) (search, error) {
	if strings.ContainsRune(term, '\n') {
		return search{cond: "0", total: 0}, nil
	}
	walk := search{cond: "connectors.search_text LIKE " + containsPattern, args: []any{term}, total: -1}
	if utf8.RuneCountInString(term) < trigramLength {
		return walk, nil
	}
	var counts struct{ Matches, Store int64 }
	if err := t.db.Raw("SELECT (SELECT count(*) FROM connector_search WHERE connector_search MATCH "+trigramPhrase+") AS matches, "+
		"(SELECT COALESCE(MAX(search_rowid), 0) FROM connectors) AS store", term).Scan(&counts).Error; err != nil {
		return search{}, fmt.Errorf("count the connectors matching %q: %w", term, err)
	}
	walk.total = counts.Matches
	if counts.Matches > searchReadMost && 10*counts.Matches*counts.Matches > int64(reach)*counts.Store {
		return walk, nil
	}
	return search{
		cond:  "connectors.search_rowid IN (SELECT rowid FROM connector_search WHERE connector_search MATCH " + trigramPhrase + ")",
		args:  []any{term},
		total: counts.Matches,
	}, nil
}

// CompactSearch merges the search's trigram index (0009) into one segment.
// Every change of a connector's search text deletes and adds its entry, and
// a bulk write of thousands of connectors leaves the index in many segments
// holding deleted entries: counting a common term on 100,000 connectors
// then takes 10 ms instead of 2. It costs about 1 s per 100,000 connectors,
// so bulk writers (an import, a generated store) call it once at their end.
func (t *Tx) CompactSearch() error {
	if err := t.db.Exec("INSERT INTO connector_search(connector_search) VALUES('optimize')").Error; err != nil {
		return fmt.Errorf("compact the search index: %w", err)
	}
	return nil
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
// connector, read from the counts the triggers of migration 0008 keep on
// its row (one lookup by id, not a count of its children); a connector
// with none is missing from the map.
func (t *Tx) ConnectorChildren(ids ...string) (map[string]Children, error) {
	out := map[string]Children{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		ID                              string
		ConnectionCount, InterfaceCount int
	}
	if err := t.db.Table("connectors").Select("id, connection_count, interface_count").Where("id IN ?", ids).
		Where("connection_count > 0 OR interface_count > 0").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("count the children of connectors: %w", err)
	}
	for _, r := range rows {
		out[r.ID] = Children{Connections: r.ConnectionCount, Interfaces: r.InterfaceCount}
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
