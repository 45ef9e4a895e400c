-- Tags move from the JSON column connectors.tags to rows of their own, so
-- that no query needs json_each: position keeps each connector's order.
-- A tag repeated within one connector is kept once (its first place).
CREATE TABLE connector_tags (
  connector_id TEXT NOT NULL REFERENCES connectors(id) ON DELETE CASCADE,
  tag TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (connector_id, tag)
);
-- Serves the tag filter (tag = ?) and the tag facet (DISTINCT tag).
CREATE INDEX idx_connector_tags_tag ON connector_tags(tag, connector_id);
INSERT OR IGNORE INTO connector_tags (connector_id, tag, position)
  SELECT c.id, j.value, j.key FROM connectors c, json_each(c.tags) j
  WHERE c.tags IS NOT NULL AND json_valid(c.tags) AND j.type = 'text'
  ORDER BY c.id, j.key;
DROP INDEX idx_connectors_tags;
ALTER TABLE connectors DROP COLUMN tags;
-- Serves the list's order (name COLLATE NOCASE, key): the first page of an
-- unfiltered list reads 50 index entries instead of sorting every row.
CREATE INDEX idx_connectors_name_nocase ON connectors(name COLLATE NOCASE, key);
