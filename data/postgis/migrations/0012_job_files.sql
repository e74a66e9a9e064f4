-- The files background jobs write (an export's zip archive), one per job, kept beside
-- River's job table so that every serve process can answer a download.
CREATE TABLE job_files (
    job_id       bigint PRIMARY KEY,
    name         text NOT NULL CHECK (name <> ''),
    content_type text NOT NULL,
    data         bytea NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
