-- Field inspections (package inspect): the checks inspectors send, the findings they give,
-- the findings' histories, photos stored once by SHA-256 (bytea, as ODK Central keeps its
-- blobs) and linked to inspections, and the hash-chained audit log with its head.
-- Ids are the client's; idempotency rests on the primary keys.

CREATE TABLE inspections (
    id             text PRIMARY KEY CHECK (id <> ''),
    body_hash      text NOT NULL CHECK (body_hash ~ '^[0-9a-f]{64}$'),
    camera_id      text NOT NULL DEFAULT '',
    site_id        text NOT NULL DEFAULT '',
    district       text NOT NULL DEFAULT '',
    inspector_id   text NOT NULL,
    inspector_name text NOT NULL,
    observed_at    timestamptz NOT NULL,
    received_at    timestamptz NOT NULL,
    position       geometry(Point, 4326) NOT NULL,
    accuracy_m     double precision NOT NULL,
    -- The observation groups of the submission (signage, lens, obstruction, privacy,
    -- image, running, notes) under their JSON names.
    body           jsonb NOT NULL,
    review_state   text NOT NULL CHECK (review_state IN ('received', 'approved', 'has_issues', 'rejected')),
    review_comment text NOT NULL DEFAULT '',
    review_by      text NOT NULL DEFAULT '',
    review_at      timestamptz,
    flags          jsonb NOT NULL DEFAULT '[]',
    skipped        jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX inspections_observed_at ON inspections (observed_at DESC, id COLLATE "C");
CREATE INDEX inspections_camera ON inspections (camera_id, observed_at DESC);
CREATE INDEX inspections_district ON inspections (district, observed_at DESC);
CREATE INDEX inspections_position ON inspections USING gist (position);

CREATE TABLE findings (
    id            text PRIMARY KEY CHECK (id <> ''),
    inspection_id text NOT NULL REFERENCES inspections (id),
    -- The finding's place among its inspection's, as Assess made them.
    seq           integer NOT NULL,
    camera_id     text NOT NULL DEFAULT '',
    site_id       text NOT NULL DEFAULT '',
    district      text NOT NULL DEFAULT '',
    kind          text NOT NULL,
    status        text NOT NULL CHECK (status IN ('open', 'rectified', 'verified', 'reopened')),
    deadline      date,
    updated_at    timestamptz NOT NULL,
    -- The rest of the finding (rule, penalties, detail, …) under its JSON names.
    body          jsonb NOT NULL,
    UNIQUE (inspection_id, seq)
);
CREATE INDEX findings_status_deadline ON findings (status, deadline);
CREATE INDEX findings_district_deadline ON findings (district, deadline);
CREATE INDEX findings_deadline ON findings (deadline);
CREATE INDEX findings_camera ON findings (camera_id, deadline);

CREATE TABLE finding_transitions (
    finding_id    text NOT NULL REFERENCES findings (id),
    seq           integer NOT NULL CHECK (seq > 0),
    event         text NOT NULL,
    from_status   text NOT NULL,
    to_status     text NOT NULL,
    at            timestamptz NOT NULL,
    actor         text NOT NULL,
    note          text NOT NULL DEFAULT '',
    inspection_id text NOT NULL DEFAULT '',
    PRIMARY KEY (finding_id, seq)
);

CREATE TABLE photos (
    sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    mime   text NOT NULL,
    size   integer NOT NULL CHECK (size = length(data)),
    data   bytea NOT NULL
);

CREATE TABLE inspection_photos (
    inspection_id text NOT NULL REFERENCES inspections (id),
    sha256        text NOT NULL REFERENCES photos (sha256),
    -- Orders an inspection's photos as they were added.
    seq           bigint GENERATED ALWAYS AS IDENTITY,
    -- The photo as inspect.Photo writes it: EXIF, flags, received_at, ….
    photo         jsonb NOT NULL,
    PRIMARY KEY (inspection_id, sha256)
);

-- The audit log: each entry holds the hash of the one before (inspect.Seal). Writers lock
-- audit_head's one row, seal onto it, insert the entry and move the head in the
-- transaction that makes the change, so the chain has one order without gaps.
CREATE TABLE audit_log (
    seq            bigint PRIMARY KEY CHECK (seq > 0),
    at             timestamptz NOT NULL,
    actor          text NOT NULL,
    action         text NOT NULL,
    object_kind    text NOT NULL,
    object_id      text NOT NULL,
    detail         text NOT NULL DEFAULT '',
    payload_digest text NOT NULL DEFAULT '',
    prev_hash      bytea NOT NULL CHECK (length(prev_hash) = 32),
    hash           bytea NOT NULL CHECK (length(hash) = 32)
);
CREATE INDEX audit_log_object ON audit_log (object_kind, object_id);

CREATE TABLE audit_head (
    one  boolean PRIMARY KEY DEFAULT true CHECK (one),
    seq  bigint NOT NULL CHECK (seq >= 0),
    hash bytea NOT NULL CHECK (length(hash) = 32)
);
INSERT INTO audit_head (seq, hash) VALUES (0, decode(repeat('00', 32), 'hex'));
