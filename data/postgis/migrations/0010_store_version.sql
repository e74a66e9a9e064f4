-- The store's content version (planner.VersionStore): one row, which every write of the
-- layers and every plan apply increments in the transaction that makes the change, and
-- announces with pg_notify, which PostgreSQL delivers when the transaction commits.
-- Processes that hold a snapshot of the city reload when it moves. The increment locks
-- the row until the commit, so writers of the layers take it last, after their other
-- writes (and before the audit head), and one waits for another only through its commit;
-- a sequence would not do, since its numbers are handed out before the changes they stand
-- for are visible, and not in the order those commit.
CREATE TABLE store_version (
    one     boolean PRIMARY KEY DEFAULT true CHECK (one),
    version bigint NOT NULL CHECK (version >= 0)
);
INSERT INTO store_version (version) VALUES (0);
