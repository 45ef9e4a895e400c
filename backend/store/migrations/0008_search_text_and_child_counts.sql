-- The connector list's search and children, kept on the connector row by
-- triggers, so that every writer (the store, an import, a generated store)
-- keeps them exact without knowing of them.
--
-- search_text: what a search covers, ASCII case folded (lower(), as LIKE
-- folds) and joined by newlines, which no name, key or tag holds (they
-- refuse control characters): the name, the key, then each tag. A search
-- is one instr() over it instead of three LIKEs and a lookup of tag rows.
ALTER TABLE connectors ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
-- connection_count, interface_count: what the list shows of each row,
-- without counting the children of every page.
ALTER TABLE connectors ADD COLUMN connection_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE connectors ADD COLUMN interface_count INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER connectors_search_insert AFTER INSERT ON connectors BEGIN
  UPDATE connectors SET search_text = lower(name) || char(10) || lower(key) ||
    COALESCE((SELECT group_concat(char(10) || lower(tag), '') FROM connector_tags WHERE connector_id = connectors.id), '')
  WHERE id = NEW.id;
END;
CREATE TRIGGER connectors_search_update AFTER UPDATE OF name, key ON connectors BEGIN
  UPDATE connectors SET search_text = lower(name) || char(10) || lower(key) ||
    COALESCE((SELECT group_concat(char(10) || lower(tag), '') FROM connector_tags WHERE connector_id = connectors.id), '')
  WHERE id = NEW.id;
END;
CREATE TRIGGER connector_tags_search_insert AFTER INSERT ON connector_tags BEGIN
  UPDATE connectors SET search_text = lower(name) || char(10) || lower(key) ||
    COALESCE((SELECT group_concat(char(10) || lower(tag), '') FROM connector_tags WHERE connector_id = connectors.id), '')
  WHERE id = NEW.connector_id;
END;
CREATE TRIGGER connector_tags_search_delete AFTER DELETE ON connector_tags BEGIN
  UPDATE connectors SET search_text = lower(name) || char(10) || lower(key) ||
    COALESCE((SELECT group_concat(char(10) || lower(tag), '') FROM connector_tags WHERE connector_id = connectors.id), '')
  WHERE id = OLD.connector_id;
END;
UPDATE connectors SET search_text = lower(name) || char(10) || lower(key) ||
  COALESCE((SELECT group_concat(char(10) || lower(tag), '') FROM connector_tags WHERE connector_id = connectors.id), '');
-- The list's order index holds the search text in place of 0007's id, so
-- that a search reads its page in order, and counts its matches, from the
-- index alone but for the page's rows.
DROP INDEX idx_connectors_order;
CREATE INDEX idx_connectors_order ON connectors(name COLLATE NOCASE, key, search_text);

CREATE TRIGGER connections_count_insert AFTER INSERT ON connections BEGIN
  UPDATE connectors SET connection_count = connection_count + 1 WHERE id = NEW.connector_id;
END;
CREATE TRIGGER connections_count_delete AFTER DELETE ON connections BEGIN
  UPDATE connectors SET connection_count = connection_count - 1 WHERE id = OLD.connector_id;
END;
CREATE TRIGGER connections_count_move AFTER UPDATE OF connector_id ON connections
WHEN OLD.connector_id IS NOT NEW.connector_id BEGIN
  UPDATE connectors SET connection_count = connection_count - 1 WHERE id = OLD.connector_id;
  UPDATE connectors SET connection_count = connection_count + 1 WHERE id = NEW.connector_id;
END;
CREATE TRIGGER interfaces_count_insert AFTER INSERT ON interfaces BEGIN
  UPDATE connectors SET interface_count = interface_count + 1 WHERE id = NEW.connector_id;
END;
CREATE TRIGGER interfaces_count_delete AFTER DELETE ON interfaces BEGIN
  UPDATE connectors SET interface_count = interface_count - 1 WHERE id = OLD.connector_id;
END;
CREATE TRIGGER interfaces_count_move AFTER UPDATE OF connector_id ON interfaces
WHEN OLD.connector_id IS NOT NEW.connector_id BEGIN
  UPDATE connectors SET interface_count = interface_count - 1 WHERE id = OLD.connector_id;
  UPDATE connectors SET interface_count = interface_count + 1 WHERE id = NEW.connector_id;
END;
UPDATE connectors SET
  connection_count = (SELECT COUNT(*) FROM connections WHERE connector_id = connectors.id),
  interface_count = (SELECT COUNT(*) FROM interfaces WHERE connector_id = connectors.id);
