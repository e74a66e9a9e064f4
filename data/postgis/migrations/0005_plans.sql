-- Coverage plans (package planner), each kept whole as JSON in body, with the columns the
-- queries select and order by beside it, and a revision that every save increments so
-- that two editors of one plan cannot overwrite each other (optimistic concurrency). The
-- audit events of a change go onto the audit chain of 0004 in the same transaction.

CREATE TABLE plans (
    id         text PRIMARY KEY CHECK (id <> ''),
    -- The district scope, '' for the whole jurisdiction.
    district   text NOT NULL DEFAULT '',
    state      text NOT NULL CHECK (state IN ('draft', 'submitted', 'approved')),
    author     text NOT NULL,
    created_at timestamptz NOT NULL,
    revision   bigint NOT NULL CHECK (revision > 0),
    -- The planner.Plan under its JSON names.
    body       jsonb NOT NULL
);
-- Plans reads newest first, ties by id in byte order, with or without a filter.
CREATE INDEX plans_created ON plans (created_at DESC, id COLLATE "C");
CREATE INDEX plans_district ON plans (district, created_at DESC);
CREATE INDEX plans_state ON plans (state, created_at DESC);
CREATE INDEX plans_author ON plans (author, created_at DESC);
