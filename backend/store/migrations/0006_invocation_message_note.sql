ALTER TABLE invocations ADD COLUMN message_note TEXT NOT NULL DEFAULT '';
