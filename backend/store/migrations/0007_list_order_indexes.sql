-- Every order and filter of the connector list is served by an index that
-- yields rows already in the list's order (name COLLATE NOCASE, key), so a
-- page reads its rows and never sorts the matches.
--
-- No filter: the order's index of 0005 with the id too, so that a search,
-- which no index can serve, counts its matches from the index alone.
CREATE INDEX idx_connectors_order ON connectors(name COLLATE NOCASE, key, id);
DROP INDEX idx_connectors_name_nocase;
-- The status filter: status first, then the order. It serves status = ?
-- alone too, so the plain status index goes.
CREATE INDEX idx_connectors_status_order ON connectors(status, name COLLATE NOCASE, key);
DROP INDEX idx_connectors_status;
-- The tag filter: each tag row carries its connector's name and key (written
-- with the tags, which every write of a connector rewrites), so the rows of
-- one tag come out of the index in the list's order.
ALTER TABLE connector_tags ADD COLUMN connector_name TEXT NOT NULL DEFAULT '';
ALTER TABLE connector_tags ADD COLUMN connector_key TEXT NOT NULL DEFAULT '';
UPDATE connector_tags SET
  connector_name = (SELECT name FROM connectors WHERE connectors.id = connector_tags.connector_id),
  connector_key = (SELECT key FROM connectors WHERE connectors.id = connector_tags.connector_id);
CREATE INDEX idx_connector_tags_order ON connector_tags(tag, connector_name COLLATE NOCASE, connector_key);
-- A page's tags, in each connector's order, from the index alone (the
-- primary key is by tag, and the rows hold the name and key too).
CREATE INDEX idx_connector_tags_connector ON connector_tags(connector_id, position, tag);
